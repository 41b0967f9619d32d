/** Lock-screen and headset controls for the audio file (Media Session API), where the browser has it. */

export interface MediaSessionControls {
  play(): void;
  pause(): void;
  previousSentence(): void;
  nextSentence(): void;
  /** Back to the start of the article. */
  restart(): void;
  /** On to the next article; absent when there is none. */
  nextArticle?: (() => void) | undefined;
}

/** Sets the metadata (no artwork) and action handlers; returns a function that updates the playing state. */
export function setUpMediaSession(nav: Navigator, metadata: { title: string; artist: string }, controls: MediaSessionControls): (playing: boolean) => void {
  if (!('mediaSession' in nav) || typeof MediaMetadata === 'undefined') return () => {};
  const session = nav.mediaSession;
  session.metadata = new MediaMetadata({ title: metadata.title, artist: metadata.artist, album: metadata.artist, artwork: [] });
  const handlers: [MediaSessionAction, (() => void) | undefined][] = [
    ['play', controls.play],
    ['pause', controls.pause],
    ['seekbackward', controls.previousSentence],
    ['seekforward', controls.nextSentence],
    ['previoustrack', controls.restart],
    ['nexttrack', controls.nextArticle ?? controls.nextSentence],
  ];
  for (const [action, handler] of handlers) {
    try {
      session.setActionHandler(action, handler ? () => handler() : null);
    } catch {
      // This browser does not know the action.
    }
  }
  return (playing) => {
    session.playbackState = playing ? 'playing' : 'paused';
  };
}
