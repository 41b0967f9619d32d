/** The article's rendered audio, from GET /api/articles/:id/listen; null when there is none or it cannot be read. */

export interface ListenAudio {
  url: string;
  type: string;
  duration: number;
  timings: [number, number][];
}

function isTiming(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** The answer's audio when it is well formed; anything else counts as no audio. */
export function parseListenAnswer(answer: unknown): ListenAudio | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const audio = (answer as { audio?: unknown }).audio;
  if (typeof audio !== 'object' || audio === null) return null;
  const { url, type, duration, timings } = audio as Record<string, unknown>;
  if (typeof url !== 'string' || !url.startsWith('/') || typeof type !== 'string') return null;
  if (typeof duration !== 'number' || !Array.isArray(timings) || !timings.every(isTiming)) return null;
  return { url, type, duration, timings };
}

/** Asks the server; a failed request (offline, older server) means the browser's voice is used. */
export async function fetchListenAudio(articleId: string): Promise<ListenAudio | null> {
  try {
    const response = await fetch(`/api/articles/${encodeURIComponent(articleId)}/listen`, { credentials: 'omit', headers: { accept: 'application/json' } });
    return response.ok ? parseListenAnswer(await response.json()) : null;
  } catch {
    return null;
  }
}
