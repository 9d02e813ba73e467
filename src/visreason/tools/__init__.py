"""Thinking with images through code: sandbox, transforms, agent loop, tool tasks, rewards."""
