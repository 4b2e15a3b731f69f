import { chance, integer, pick, type Rng } from './random';

/** Voice-of-the-customer texts: templates with `{slot}`s filled from small vocabularies, so they vary. */

export type Tone = 'positive' | 'neutral' | 'negative';

export const ticketTopics = ['payments', 'delivery', 'login', 'driver', 'app-crash'] as const;
export type TicketTopic = (typeof ticketTopics)[number];

type Slots = Record<string, readonly string[] | ((rng: Rng) => string)>;

const slots: Slots = {
  intensifier: ['really', 'very', 'so', 'extremely', 'incredibly', 'super'],
  strong: ['absolutely', 'totally', 'completely', 'genuinely'],
  order: (rng) => String(integer(rng, 100_000, 999_999)),
  minutes: (rng) => String(integer(rng, 12, 45)),
  tries: ['three', 'four', 'five', 'six', 'ten'],
  days: ['two', 'three', 'four', 'five'],
  day: ['yesterday', 'on Monday', 'on Friday', 'last week', 'two days ago'],
  amount: (rng) => `$${integer(rng, 12, 240)}.${String(integer(rng, 0, 99)).padStart(2, '0')}`,
  device: ['iPhone', 'Android phone', 'iPad', 'Pixel', 'Galaxy phone'],
  place: ['airport', 'train station', 'hotel', 'office', 'harbor'],
  item: ['umbrella', 'phone charger', 'wallet', 'backpack', 'scarf', 'headphones'],
  thanks: ['thank you', 'thanks a lot', 'much appreciated', 'thanks so much'],
  thanksFor: ['thank you', 'thanks a lot', 'many thanks', 'thanks so much'],
  waited: ['waited', 'stood outside for', 'was left waiting for'],
};

/** Ticket templates by topic and tone. Negative ones mix plain complaints, negations and intensifiers. */
const ticketTemplates: Record<TicketTopic, Record<Tone, readonly string[]>> = {
  payments: {
    negative: [
      'I was charged twice for order #{order} and still have not received a refund.',
      'My card keeps getting declined at checkout even though it works everywhere else.',
      'The payment went through but the order shows as failed. {intensifier} frustrating.',
      'Not happy at all: I was billed {amount} but the receipt says something different.',
      'You took my money and cancelled the order. I want a refund today.',
      'The refund you promised {day} never arrived. This is not acceptable.',
    ],
    neutral: [
      'How do I change the card on file for my account?',
      'Can I pay with Apple Pay on the web checkout?',
      'Please send me an invoice for order #{order}, I need it for expenses.',
      'Is it possible to split a payment between two cards?',
    ],
    positive: [
      'The refund arrived today, {thanksFor} for sorting it out so quickly.',
      'Thanks for fixing the double charge, the support agent was {intensifier} helpful.',
    ],
  },
  delivery: {
    negative: [
      'My package was supposed to arrive {day} and it still has not shown up.',
      'Order #{order} says delivered but there is nothing at my door.',
      'The box arrived crushed and half of the items were missing.',
      'Tracking has not updated in {days} days. Not impressed.',
      'Delivery was late again and nobody told me. {intensifier} disappointing.',
    ],
    neutral: [
      'Can I change the delivery address for order #{order}?',
      'What time window should I expect for tomorrow’s delivery?',
      'Can the courier leave the parcel with a neighbour?',
    ],
    positive: [
      'My package came a day early, {thanks}!',
      'The courier was {intensifier} careful with a fragile item, great service.',
    ],
  },
  login: {
    negative: [
      'I cannot log in, the password reset e-mail never arrives.',
      'The app keeps logging me out every few minutes. {intensifier} annoying.',
      'The two-factor code is not accepted, I have tried {tries} times.',
      'My account is locked and nobody answers. I am not happy with this at all.',
    ],
    neutral: [
      'How do I turn on two-factor authentication?',
      'I would like to update the e-mail address on my account.',
      'Can I sign in with my Google account instead of a password?',
    ],
    positive: ['I got back into my account, {thanksFor} for the quick reset.'],
  },
  driver: {
    negative: [
      'My driver cancelled after I {waited} {minutes} minutes.',
      'The driver took a long detour and I was charged extra.',
      'The driver was rude and did not follow the route. Not acceptable.',
      'Nobody picked me up at the {place}, and I was still charged a cancellation fee.',
      'The car smelled of smoke and the driver was on the phone the whole ride.',
    ],
    neutral: [
      'I left my {item} in the car this morning, can you contact the driver?',
      'How do I add a stop to a ride that has already started?',
      'Can I book a ride for someone else?',
    ],
    positive: [
      'My driver was {intensifier} friendly and helpful, please pass on my thanks.',
      'The driver found my {item} and returned it, {thanks}!',
    ],
  },
  'app-crash': {
    negative: [
      'The app crashes every time I open the cart on my {device}.',
      'Since the latest update the app freezes on the loading screen.',
      'The app crashed in the middle of checkout and now I do not know if I paid.',
      'The app closes as soon as I try to request a ride. {intensifier} frustrating.',
    ],
    neutral: [
      'Is there a known issue with the app on {device}? It closed once today.',
      'Which app version fixes the crash on the order history screen?',
    ],
    positive: ['The latest update fixed the crashes I reported, {thanks}!'],
  },
};

/** Endings that turn a complaint into the kind of ticket a wave of angry customers writes. */
const angryEndings = [
  'This is the third time this week.',
  'Fix this now!',
  'I am about to delete my account.',
  'Absolutely unacceptable.',
  'Worst experience I have had with any app.',
  'I want to speak to a manager.',
  'Still waiting for an answer from anyone.',
];

const shopReviews: Record<1 | 2 | 3 | 4 | 5, readonly string[]> = {
  5: [
    '{strong} love this {product}! Works perfectly.',
    'Best {product} I have bought in years, {intensifier} happy with it.',
    'Great quality and fast shipping. Highly recommend.',
    'Exactly as described and arrived early. Excellent!',
    'The {product} is fantastic, my whole family loves it.',
  ],
  4: [
    '{intensifier} good {product}, just a little pricey.',
    'Not bad at all, does what it says.',
    'Happy with it overall, shipping could have been faster.',
    'Good value for the money. Would buy again.',
  ],
  3: [
    'It is okay. The {product} works but nothing special.',
    'Average quality for the price.',
    'Decent, though delivery took a while.',
    'The {product} is fine, neither great nor bad.',
  ],
  2: [
    'Not happy with this {product}, it broke after a week.',
    'Disappointing: it looks nothing like the photos.',
    'Expected more for the price. The {product} feels cheap.',
    'Not great. The size was wrong and returns are a hassle.',
  ],
  1: [
    'Terrible. The {product} broke on day one and support never replied.',
    'Worst purchase ever, {intensifier} disappointed.',
    'Do not buy. Complete waste of money.',
    'Arrived damaged and the refund is taking forever. Awful.',
  ],
};

const rideReviews: Record<1 | 2 | 3 | 4 | 5, readonly string[]> = {
  5: [
    'The driver arrived in {few} minutes and the car was spotless.',
    '{strong} great ride, friendly driver and smooth trip!',
    'Fast pickup, fair price, {intensifier} pleasant driver.',
  ],
  4: [
    'Good ride, the driver was a bit late but very polite.',
    'Not bad at all, comfortable car and a fair price.',
    'Pleasant trip, although the app’s pickup pin was slightly off.',
  ],
  3: [
    'The ride was okay, nothing special.',
    'Average trip. The driver took a slightly longer route.',
    'Fine, but the price was higher than the quote.',
  ],
  2: [
    'Not happy: I waited {minutes} minutes for the pickup.',
    'The car was dirty and the driver was on the phone the whole time.',
    'Disappointing ride, the surge price was way too high.',
  ],
  1: [
    'Awful. The driver cancelled twice and I missed my flight.',
    'Worst ride ever, the driver was rude and drove {intensifier} fast.',
    'Never again. Charged for a ride that never happened.',
  ],
};

const emoji: Record<Tone, readonly string[]> = {
  positive: ['🙂', '👍', '🎉', '😊', '🙏', '⭐'],
  neutral: ['🤔', '🙏'],
  negative: ['😡', '😤', '👎', '😞', '🤬'],
};

export function toneOfRating(rating: number): Tone {
  if (rating >= 4) return 'positive';
  if (rating <= 2) return 'negative';
  return 'neutral';
}

/** A support ticket's text. `angry` adds the emphasis of an incident-driven wave. */
export function supportTicketText(rng: Rng, topic: TicketTopic, tone: Tone, angry = false): string {
  let text = fill(rng, pick(rng, ticketTemplates[topic][tone]), {});
  if (angry) {
    text = `${text} ${pick(rng, angryEndings)}`;
    if (chance(rng, 0.35)) text = `${text} ${pick(rng, emoji.negative)}`;
  } else if (tone !== 'neutral' && chance(rng, 0.1)) {
    text = `${text} ${pick(rng, emoji[tone])}`;
  }
  return text;
}

/** A review whose tone matches its 1–5 star rating. */
export function reviewText(
  rng: Rng,
  app: 'shop' | 'rides',
  product: string,
  rating: 1 | 2 | 3 | 4 | 5,
): string {
  const templates = app === 'shop' ? shopReviews[rating] : rideReviews[rating];
  const text = fill(rng, pick(rng, templates), {
    product: [product.replaceAll('-', ' ')],
    few: ['two', 'three', 'four', 'five'],
  });
  const tone = toneOfRating(rating);
  return tone !== 'neutral' && chance(rng, 0.15) ? `${text} ${pick(rng, emoji[tone])}` : text;
}

function fill(rng: Rng, template: string, extra: Slots): string {
  const text = template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const slot = extra[name] ?? slots[name];
    if (slot === undefined) return whole;
    return typeof slot === 'function' ? slot(rng) : pick(rng, slot);
  });
  // a slot at the start of a sentence ("{intensifier} frustrating.") needs a capital letter
  return text.replace(
    /(^|[.!?]\s+)([a-z])/g,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}
