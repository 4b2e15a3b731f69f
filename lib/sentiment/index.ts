export { labelFor, scoreSentiment, type SentimentLabel, type SentimentScore } from './score';
export { sentimentTerms } from './terms';
