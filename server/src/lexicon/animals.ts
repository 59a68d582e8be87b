/**
 * Nouns for animals, one list for the rules that tell an animal from a person:
 * - missing-unknown-option: the head of a question that asks which animal ("Which is the oldest penguin?"), whose
 *   options then name animals, not people (not "colt", "hawk", "dove", "shark": a which-question asks them of people too);
 * - demographic-imbalance: a word in an exemplar that is "she" or "he" only by its pronouns ("Holstein cow, off her
 *   feed since yesterday"), which is then about an animal (`YOUNG_ANIMALS` and `FARM_ANIMALS_AND_PETS` only: records
 *   about people use many of the others in other senses, "she flies", "a night owl");
 * - stereotype-template: the plural after a group adjective ("male peacocks", "African elephants"), which then names
 *   no people (not "stallions": "Italian stallions" are men).
 * Each rule says why it leaves words out. Every form is written out, lower case, letters and spaces only (a rule joins
 * them into a regular expression): singular and plural ("puppy", "puppies", "sheep").
 */

/** The young, which an animal has too: "the ewe and her lambs" (demographic-imbalance reads "her lambs" as no owner's). */
export const YOUNG_ANIMALS: readonly string[] = [
  'calf', 'calves', 'foal', 'foals', 'lamb', 'lambs', 'piglet', 'piglets', 'puppy', 'puppies', 'kitten', 'kittens',
];

/**
 * Farm animals, whose records in a vet or farm dataset are mostly of one sex by the farm (a dairy herd's cows, a
 * stud's stallions), and the pets of a vet's records, with "animal", "pet" and "livestock"; their young are
 * `YOUNG_ANIMALS`. Not words that also name people or are common in other senses ("kid", "nanny", "queen", "buck",
 * "doe", "hen", "bitch", "hind", "sow", "dam").
 */
export const FARM_ANIMALS_AND_PETS: readonly string[] = [
  'cow', 'cows', 'heifer', 'heifers', 'bull', 'bulls', 'bullock', 'bullocks', 'steer', 'steers', 'cattle', 'mare', 'mares',
  'stallion', 'stallions', 'gelding', 'geldings', 'filly', 'fillies', 'colt', 'colts', 'horse', 'horses', 'pony', 'ponies',
  'donkey', 'donkeys', 'ewe', 'ewes', 'ram', 'rams', 'sheep', 'goat', 'goats', 'pig', 'pigs', 'boar', 'boars', 'rooster',
  'roosters', 'cockerel', 'cockerels', 'chicken', 'chickens', 'duck', 'ducks', 'goose', 'geese', 'dog', 'dogs', 'cat', 'cats',
  'rabbit', 'rabbits', 'hamster', 'hamsters', 'ferret', 'ferrets', 'parrot', 'parrots', 'budgie', 'budgies', 'tortoise',
  'tortoises', 'alpaca', 'alpacas', 'animal', 'animals', 'pet', 'pets', 'livestock',
];

/** The other animals: small pets, wild animals of zoos, puzzles and biology cards, birds, fish, insects, and their classes. */
export const OTHER_ANIMALS: readonly string[] = [
  // Pets and farm birds.
  'hen', 'hens', 'bunny', 'bunnies', 'guinea pig', 'guinea pigs', 'mouse', 'mice', 'rat', 'rats',
  // Classes.
  'mammal', 'mammals', 'bird', 'birds', 'fish', 'fishes', 'insect', 'insects', 'reptile', 'reptiles', 'amphibian', 'amphibians',
  'species', 'primate', 'primates',
  // Mammals.
  'ape', 'apes', 'monkey', 'monkeys', 'chimpanzee', 'chimpanzees', 'gorilla', 'gorillas', 'baboon', 'baboons', 'mandrill',
  'mandrills', 'orangutan', 'orangutans', 'bonobo', 'bonobos', 'lemur', 'lemurs', 'lion', 'lions', 'tiger', 'tigers', 'leopard',
  'leopards', 'cheetah', 'cheetahs', 'jaguar', 'jaguars', 'puma', 'pumas', 'cougar', 'cougars', 'lynx', 'lynxes', 'bobcat',
  'bobcats', 'wolf', 'wolves', 'fox', 'foxes', 'coyote', 'coyotes', 'jackal', 'jackals', 'hyena', 'hyenas', 'bear', 'bears',
  'panda', 'pandas', 'elephant', 'elephants', 'rhino', 'rhinos', 'hippo', 'hippos', 'giraffe', 'giraffes', 'zebra', 'zebras',
  'camel', 'camels', 'buffalo', 'buffaloes', 'bison', 'deer', 'moose', 'elk', 'caribou', 'reindeer', 'antelope', 'antelopes',
  'gazelle', 'gazelles', 'kangaroo', 'kangaroos', 'koala', 'koalas', 'otter', 'otters', 'badger', 'badgers', 'hedgehog',
  'hedgehogs', 'meerkat', 'meerkats', 'hare', 'hares', 'squirrel', 'squirrels', 'bat', 'bats', 'whale', 'whales', 'dolphin',
  'dolphins', 'seal', 'seals', 'walrus', 'walruses', 'manatee', 'manatees',
  // Birds.
  'penguin', 'penguins', 'eagle', 'eagles', 'hawk', 'hawks', 'owl', 'owls', 'peacock', 'peacocks', 'peahen', 'peahens',
  'peafowl', 'swan', 'swans', 'sparrow', 'sparrows', 'robin', 'robins', 'songbird', 'songbirds', 'pigeon', 'pigeons', 'dove',
  'doves', 'crow', 'crows', 'raven', 'ravens', 'finch', 'finches', 'hummingbird', 'hummingbirds', 'flamingo', 'flamingos',
  'pelican', 'pelicans', 'gull', 'gulls', 'puffin', 'puffins', 'ostrich', 'ostriches', 'emu', 'emus',
  // Reptiles, amphibians and fish.
  'turtle', 'turtles', 'snake', 'snakes', 'python', 'pythons', 'cobra', 'cobras', 'lizard', 'lizards', 'crocodile', 'crocodiles',
  'alligator', 'alligators', 'frog', 'frogs', 'toad', 'toads', 'shark', 'sharks', 'salmon', 'seahorse', 'seahorses',
  // Insects, spiders and shellfish.
  'spider', 'spiders', 'bee', 'bees', 'wasp', 'wasps', 'ant', 'ants', 'termite', 'termites', 'mosquito', 'mosquitoes', 'fly',
  'flies', 'butterfly', 'butterflies', 'moth', 'moths', 'beetle', 'beetles', 'cricket', 'crickets', 'crab', 'crabs', 'lobster',
  'lobsters',
];

/** Every animal noun: `YOUNG_ANIMALS`, `FARM_ANIMALS_AND_PETS` and `OTHER_ANIMALS`. */
export const ANIMAL_NOUNS: readonly string[] = [...YOUNG_ANIMALS, ...FARM_ANIMALS_AND_PETS, ...OTHER_ANIMALS];
