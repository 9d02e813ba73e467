"""Common English words of 3-7 letters to hide in the grids (palindromes are left out where
the list is read, since they spell the same both ways)."""

WORDS = """
ant ape arm art axe bag bat bed bee bell bird boat bone book bow box boy bread brick
bus cake cap car cat chair cloud coat corn cow cup desk dog door duck ear egg elm fan
farm fish flag fox frog game gate gift goat gold hat hen hill horse house ice ink jam
jar key kite lamp leaf lion lock map milk moon mouse nest net nut oak owl pan pen pig
pin pot rain rat ring road rock roof rope rose salt sand ship shoe sock star sun table
tent tiger toy tree van vase wall web well wind wolf yarn zoo
able acid aged also area army away baby back ball band bank base bath bear beat beef
belt best bike bill blue body bold born both bowl burn busy cafe calm camp card care
case cash cast cell chat chip city clay club coal code cold cook cool copy cost crew
crop dark data date dawn deal deep deer dish dock draw drop drum dust duty earn
east easy edge else even ever face fact fair fall farm fast fear feel file fill film
find fine fire firm flat flow folk food foot form free fuel full fund gain gray grow
half hall hand hard head heat help herb high hold hole home hope host hour huge idea
inch iron item jump just keep kind king knee know lake land last late lead lend
life lift line link list live load loan long look lord lose loud love luck made mail
main make many mark mass meal meat mild mile mind mine miss mode more most move much
name navy near neck need news next nice note okay once only open over pace pack page
pain pair palm park part pass past path peak pick pink pipe plan play plot plus poem
pool port post pull pure push race rank rate read real rest rice rich ride rise risk
room root rule rush safe sail sale same save seat seed seek sell send ship shop shot
show sign silk sing site size skin slow snow soft soil song sort soup spot step stop
such suit sure swim tail take talk tall tank tape task team tell term test text than
thin tide time tiny tone tool tour town trip true tune turn type unit upon used vast
very view vote wait walk want warm wash wave weak wear week west wide wife wild wine
wing wire wise wish wood word work yard year zone
about above actor adult after again agent alarm album alert alive allow alone along
angle apple april arena argue arise aside audio avoid award aware badge baker basic
beach begin being below bench birth black blade blank blind block board brain brand
brave brief bring broad brown brush build bunch cabin cable candy cargo carry catch
cause chain chalk chart chase cheap check chess chest chief child chord civil claim
class clean clear clerk clock close coach coast color coral count court cover craft
crane cream crowd crown curve cycle daily dance delay depth dream dress drink drive
eagle early earth eight empty enjoy enter equal error event exact extra faith false
fault fence fever field fifty final first flame flash fleet floor flour fluid focus
force forum frame fresh front frost fruit funny ghost giant given glass globe grain
grand grape grass great green group guard guess guest guide happy heart heavy honey
horse hotel human humor ideal index inner input issue jelly joint judge juice
knife label large laser later laugh layer learn lemon level light limit local lucky
lunch magic major maple march match medal metal meter minor mixed model money month
motor mount mouth movie music nerve never night noise north novel nurse ocean offer
often olive onion opera orbit order other owner paint panel paper party pasta patch
peace pearl phone photo piano piece pilot pitch place plain plane plant plate point
power press price pride prime print prize proof proud queen quick quiet quote radio
raise range rapid ratio reach ready river robot rough round route royal ruler rural
salad scale scene scope score sense seven shade shape share sharp sheep sheet shelf
shell shift shirt short sight silver skill sleep slice slide small smart smile smoke
snake solid sound south space spare speak speed spend spice spoon sport staff stage
stair stamp stand start state steam steel stick stone storm story stove study style
sugar sunny sweet table taste teach thank theme thick thing third tiger title toast
today tooth topic total touch tower trace track trade trail train treat trend trial
truck trust truth uncle under union upper urban usual valid value video visit vital
voice water whale wheat wheel white whole woman world worth yield young youth zebra
animal answer autumn basket battle beauty bottle branch bridge bright bucket butter
button camera candle carpet castle cattle center cheese cherry circle clever coffee
cotton county damage dinner doctor dragon drawer eleven engine family farmer father
finger flower forest friend frozen garden ginger golden guitar hammer harbor health
helmet hunter insect island jacket jungle kettle kitten ladder lesson letter liquid
little locket market meadow mirror monkey mother museum napkin nature needle orange
oyster packet palace parrot pepper pillow planet pocket potato puzzle rabbit ribbon
rocket saddle salmon school season shadow silent singer sister spider spring square
stream street summer sunset tablet teapot temple thread ticket timber tomato travel
turtle valley velvet violin wallet walnut window winter wizard yellow
balloon battery bicycle blanket cabbage cabinet captain chicken compass cottage
crystal curtain diamond dolphin example factory feather freedom gallery giraffe
harvest holiday journey kitchen lantern leather library machine mailbox mineral
morning mustard network octopus orchard package painter panther partner pelican
penguin pumpkin pyramid rainbow raccoon sandals scissor seaside shelter
soldier station student teacher thunder tornado tractor trumpet uniform vehicle
village volcano weather whistle
"""
