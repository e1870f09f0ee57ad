// Common lowercase English words for word sorting, shipped in the repository (no download).

const RAW = `
able about above absent absorb abstract absurd abuse academy accept accident account acid acoustic
acquire acre across act action active activity actor actress actual adapt add addict address adjust
admire admit adopt adult advance advent advice aerobic affair affect afford afraid after afternoon
again against age agency agenda agent ago agree ahead aid aim air airport aisle alarm album alcohol
alert alien alive alley allow almost alone along alpha already also alter always amateur amazing
among amount amused analyst anchor ancient anger angle angry animal animate ankle announce annual
another answer antenna anthem antique anxiety anxious anybody anyway apart apartment apology appeal
appear appetite apple apply approach april apron arch arctic area arena argue arm armed armor army
around arrange arrest arrive arrow art artefact article artist ash aside ask asleep aspect assist
assume atom attach attack attempt attend attic auction audit august aunt author autumn avenue
average avoid awake award aware away awesome awful awkward axis baby bachelor back bacon bad badge
bag bake bakery balance ball ballad balloon bamboo banana band bank banner bar bare barely bargain
bark barley barn barrel base basic basin basket bat bath battery battle bay beach beacon bean bear
beard beast beat beauty beaver because become bed bedroom bee beef beer beetle before begin behalf
behave behind being belief bell belly belong below belt bench bend beneath benefit berry beside
best betray better between beyond bicycle big bike bill bind biology bird birth biscuit bishop bit
bite bitter black blade blame blank blanket blast blend blender bless blind block blood blossom
blouse blow blue blunt blur blush board boast boat body boil bold bolt bomb bone bonfire bonnet
bonus book boost boot border bored boring born borrow boss both bother bottle bottom boulder bounce
bounty bowl box boy bracelet bracket brain branch brand brass brave bread breadth break breakfast
breath breed breeze brick bride bridge brief bright bring brisk broad broccoli broken bronze brook
broom brother brown brush brutal bubble bucket buckle budget buffalo bugle build bulb bulk bullet
bunch bundle bunny burden burger burn burst bury bus bush business busy butcher butter button buy
buyer buzz cabbage cabin cabinet cable cactus cage cake calendar call calm camel camera camp
campaign can canal cancel cancer candle candy cannon canoe canvas canyon cap capable capital
captain car carbon card care career careful cargo carnival carpet carrot carry cart carve case cash
cashew casino castle casual cat catalog catch category cattle cause caution cave ceiling celebrate
cell cellar cello cement census center century cereal ceremony certain chain chair chalk champion
chance change channel chaos chapel chapter charge charity charm chart chase cheap check cheek cheer
cheese chef cherry chest chestnut chicken chief child chimney chin chip chocolate choice choose
chorus chunk church cigar cinema cinnamon circle circuit citizen citrus city civic civil claim clam
clap clarify class claw clay clean clear clerk clever client cliff climate climb clinic clock clog
close closet cloth cloud clover clown club clue cluster clutch coach coal coast coat cobra coconut
code coffee coffin coin cold collapse collar collect college colony color column comb combine
comedy comet comfort comic command comment common company compare compass complain complete
computer concept concert condition conduct confess confirm congress connect consent consider
contain content contest control convert convince cook cookie cool copper copy coral core cork corn
corner correct cosmic cost costume cottage cotton couch cough council count country county couple
courage course court cousin cover cow coyote crack cradle craft crane crash crater crawl crazy
cream create credit creek crew cricket crime crisis crisp critic crop cross crouch crowd crown
cruel cruise crumb crumble crush cry crystal cube cuisine culture cup cupboard curious current
curry curtain curve cushion custom customer cut cycle cymbal dad dagger daily dairy daisy damage
damp dance dandelion danger dare dark data date daughter dawn day dead deal dear debate debris debt
decade december decide deck declare decline decorate decrease deep deer defeat defend define degree
delay delight deliver demand denial denim dense dentist deny depart depend depict deploy deposit
depth deputy derive describe desert deserve design desire desk despite destroy detail detect
develop device devil devote diagram dial diamond diary diesel diet differ digital dignity dilemma
dimension dinner dinosaur diploma direct dirt dirty disagree discover disease dish dismiss display
distance divide divorce dizzy dock doctor document dog doll dollar dolphin domain donate donkey
donor door dose double doubt dough doughnut down dozen draft drag dragon dragonfly drain drama
drastic draw drawer dream dress drift drill drink drive driver drop drum dry duck due dull dune
during dust dutch duty dwarf dynamic eager eagle ear early earn earring earth ease easily east easy
eat echo ecology economy edge edit editor educate eel effect effort egg eight either elastic elbow
elder elect electric elegant element elephant elevator elite elm else email embark embody embrace
emerald emerge emotion employ empower empty enable end endless endorse enemy energy enforce engage
engine enjoy enlist enough enrich ensure enter entire entrance entry envelope envy episode equal
equator equip era erode erosion error erupt escape essay essence estate eternal evening event ever
every evidence evil evolve exact example excess exchange excite exclude excuse exercise exhaust
exhibit exile exist exit exotic expand expect expert expire explain export expose express extend
extra eye fabric face fact factory faculty fade fail faint fair faith falcon fall false fame family
famous fan fancy fantasy far farm fashion fast fat fatal fate father fatigue fault favor fear feast
feather feature february federal fee feed feel fellow female fence fern ferry festival fetch fever
few fiber fiction fiddle field fierce fifteen fight figure file fill film final find fine finger
finish fire firm first fiscal fish fist fit five fix flag flame flannel flash flat flavor fleet
flesh flight flip float flock flood floor flour flower fluid flute fly foam focus fog foil fold
folk follow food foot forbid force forest forge forget fork form fortune forum forward fossil found
fountain fox fragile frame free freeze fresh friday fridge friend fringe frog front frost frown
fruit fuel full fun fund funny fur furnace fury future gadget gain galaxy gallery gallon game gap
garage garden garlic garment gas gasp gate gather gauge gaze gecko general genius genre gentle
genuine gesture geyser ghost giant gift ginger giraffe girl give glacier glad glance glass glide
glimpse globe gloom gloomy glory glove glow glue goal goat goblin goddess gold golf good goose
gorilla gospel gossip govern gown grab grace grade grain grand grant grape grass gravel gravity
gravy great green grid grief grill grip grizzly grocery ground group grow growth guard guess guest
guide guilt guitar gun gutter gym habit hair half hall hamlet hammer hamster hand handle happen
happy harbor hard harm harp harsh harvest hat hate have hawk hazard hazel head health hear heart
heat heavy hedge hedgehog height helium hello helmet help hen herb hero heron hidden high highway
hill hint hip hire history hobby hockey hold hole holiday hollow holy home honey hood hook hope
horn hornet horse hospital host hostile hotel hour house hover huge human humble humor hundred
hungry hunt hurdle hurry hurt husband hut hybrid ice iceberg icon idea identify idle igloo ignite
ignore ill illness image imitate impact impair impose improve impulse inch include income increase
index indicate indoor industry infant inform inhale inherit initial inject injury inmate inner
innocent input inquiry insane insect inside inspect inspire install intact interest invade invest
invite invoice involve iron island issue item ivory jacket jaguar jar jasmine jazz jealous jeans
jelly jellyfish jewel job jockey join joke jolly journey joy judge juice july jump jungle junior
junk just kangaroo kayak keen keep kennel ketchup kettle key keyboard kick kid kidney kind king
kingdom kiss kit kitchen kite kitten kiwi knee knife knight knock knot know koala lab label labor
ladder lady lagoon lake lamb lamp language lantern laptop large laser later latin laugh laundry
lava law lawn lawyer layer layout lazy leader leaf learn leave lecture left leg legal legend
leisure lemon lend length lens leopard lesson letter lettuce level liar liberty library license lid
life lift light like lilac lily limb limit limp line linen link lion liquid list little live lizard
llama load loan lobby lobster local lock locket lodge logic lonely long loop lottery loud lounge
love loyal lucky luggage lumber lunar lunch luxury lyrics machine mad magic magnet magpie maid mail
main major make mammal mammoth man manage mandate mango mansion mantle manual maple marathon marble
march margin marine market marriage mascot mask mass master match material math matrix matter
maximum maze meadow mean measure meat mechanic medal media melody melt member memory mention menu
merchant mercy merge merit merry mesh message metal meteor method metric middle midnight milk
million mimic mind minimal minimum minor mint minute miracle mirror misery miss mistake mitten mix
mixed mixture mobile model modify moisture mom moment monarch monday money monitor monkey monster
month moon moose moral morning mosaic mosquito motel moth mother motion motor mound mountain mourn
mouse move movie much muffin mule multiply muscle museum mushroom music must mutton mutual myself
mystery myth naive name napkin narrow nasty nation nature near neck nectar need needle negative
neglect neither neon nephew nerve nest net network neutral never news next nice nickel night nimble
noble noise nominee noodle normal north nose nostril notable notch note nothing notice novel
november novice now nuclear number nurse nut nutmeg nylon oak oasis obese obey object oblige
obscure observe obtain obvious occur ocean october octopus odor off offer office often oil okay old
olive olympic omega omit once onion online only open opera opinion oppose option orange orbit
orchard orchid ordeal order ordinary organ orient original orphan ostrich other otter outdoor outer
outfit outlet output outside oval oven over overall owl own owner oxygen oyster ozone pact paddle
page pagoda pair pajamas palace palm pancake panda panel panic panther papaya paper parade parcel
parent parish park parlor parrot parsley party pass pastry patch path patient patrol pattern pause
pave payment peace peach peacock peanut pear peasant pebble pecan pelican pen penalty pencil
penguin people pepper perch perfect permit person pet pewter phone photo phrase physical piano
pickle picnic picture piece pig pigeon pigment pilgrim pill pillow pilot pinch pine pink pioneer
pipe pistol pitch pizza place planet plank plastic plate play plaza please pledge pluck plug plum
plump plunge pocket poem poet point poison polar pole police polish pollen pond pony poodle pool
poppy popular porch portion portrait position possible possum post potato pottery pouch poverty
powder power practice prairie praise prawn predict prefer prepare present pretty prevent price
pride primal primary print priority prism prison private prize problem process produce profit
program project promote proof property prose prosper protect proton proud provide prune public
pudding puddle pull pulp pulse pumpkin punch pupil puppet puppy purchase purity purpose purse push
put puzzle pyramid quail quality quantum quarry quarter quartz queen quest question quick quiet
quilt quit quiver quiz quote rabbit raccoon race rack radar radio radish raffle rail rain rainbow
raise raisin rally ramp ranch random range ranger rapid rare raspberry rate rather rattle raven raw
razor ready real realm reason rebel rebuild recall receive recess recipe record recycle reduce reef
reflect reform refuse region regret regular reindeer reject relax release relic relief rely remain
remedy remember remind remove render renew rent reopen repair repeat replace report require rescue
resemble resist resource response result retire retreat return reunion reveal review reward rhino
rhubarb rhythm rib ribbon rice rich riddle ride ridge rifle right rigid ring riot ripple risk
ritual rival river road roast robin robot robust rocket rodent romance roof rookie room rooster
rose rotate rough round route royal rubber rubble ruby rude rug rugby rule run runway rural sad
saddle sadness safari safe saffron saga sage sail salad salmon salon salt salute same sample sand
sandal sapphire satisfy sauce sausage save say scale scallop scan scare scarf scatter scene scenic
scheme scholar school science scissors scorch scorpion scout scrap screen script scrub sculpt sea
seagull seal search season seat second secret section security seed seek segment seldom select sell
seminar senior sense sentence sequin series sermon service session settle setup seven shadow shaft
shallow shamrock share shark shed sheep shelf shell shelter sheriff sherry shield shift shine ship
shiver shock shoe shoot shop short shoulder shove shrimp shrub shrug shuffle shy sibling sick side
siege sight sign silent silk silly silver similar simple since sing siren sister situate six size
skate sketch ski skill skin skirt skull skunk slab slam sleep sleeve slender slice slide slight
slim slipper slogan slope slot sloth slow slush small smart smile smoke smooth snack snail snake
snap sneeze sniff snow soap soccer social sock soda soft solar soldier solid solution solve someone
song sonnet soon sorrow sorry sort soul sound soup source south space spare sparrow spatial spawn
speak special speed spell spend sphere spice spider spike spin spinach spirit split spoil sponsor
spoon sport spot spray spread spring sprout spruce spy square squash squeeze squid squirrel stable
stadium staff stage stairs stallion stamp stand stapler starling start state statue stay steak
steam steel stem step stereo stew stick still sting stock stomach stone stool stork story stove
strategy straw street strike stripe strong struggle student stuff stumble sturdy style subject
submit subway success such sudden suffer sugar suggest suit summer summit sun sunflower sunny
sunset super supply supreme sure surface surge surgeon surprise surround survey suspect sustain
swallow swamp swan swap swarm swear sweater sweet swift swim swing switch sword symbol symptom
syrup system table tablet tackle tadpole tag tail talent talk tangerine tank tape target task taste
tattoo tavern taxi teach team teapot tell temple ten tenant tender tennis tent term test text thank
that theme then theory there they thimble thing this thistle thorn thought thread three thrive
throne throw thrush thumb thunder tiara ticket tide tiger tilt timber time timid tiny tip tired
tissue title toast tobacco today toddler toe together toilet token tomato tomorrow tone tongue
tonight tool tooth top topaz topic topple torch tornado tortoise toss total toucan tourist toward
tower town toy track tractor trade traffic tragic train tramp transfer trap trash travel tray treat
treaty tree trend trial tribe trick trigger trim trip trophy trouble trout trowel truck true truly
trumpet trust truth try tube tuesday tuition tulip tumble tuna tundra tunnel turkey turn turnip
turtle tutor tweezers twelve twenty twice twin twist two type typical ugly umbrella unable unaware
uncle uncover under undo unfair unfold unhappy unicorn uniform unique unit universe unknown unlock
until unusual unveil update upgrade uphill uphold upon upper upset urban urge usage use used useful
useless usual utensil utility vacant vacuum vague valet valid valley valve van vanilla vanish vapor
various vast vault vehicle velvet vendor venom venture venue verb verify version very vessel
veteran viable vibrant vicious victory video view village vine vinegar vintage violet violin viper
virtual virus visa visit visor visual vital vivid vocal voice void volcano volume vote vowel voyage
waffle wage wagon wait walk wall walnut walrus wander want warden warfare warm warrant warrior wash
wasp waste water wave way wealth weapon wear weasel weather weaver web wedding weekend weird
welcome west wet whale what wheat wheel when where whip whisk whisper whistle wicked wide width
wife wild will willow win window wine wing wink winner winter wire wisdom wise wish witness wizard
wolf woman wombat wonder wood wool word work world worry worth wrap wreck wren wrench wrestle wrist
write wrong yacht yard yarn year yellow yogurt you young youngster youth zeal zebra zenith zero
zigzag zipper zone zoo`;

/** Sorted, distinct, letters a-z only. */
export const WORDS: readonly string[] = RAW.split(/\s+/).filter((w) => w !== '');
