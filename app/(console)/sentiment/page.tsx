import type { Metadata } from 'next';
import { SentimentPage } from '@/components/sentiment/sentiment-page';

export const metadata: Metadata = { title: 'Sentiment' };

export default function Sentiment() {
  return <SentimentPage />;
}
