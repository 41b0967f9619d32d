/** Where a progress bar draws: standard error, or a test's stand-in. */
export interface ProgressStream {
  isTTY?: boolean;
  write(chunk: string): unknown;
}

/**
 * A progress reporter for `(done, total)` callbacks. On a terminal it redraws one line
 * (`label  12,000/100,000  12%  850/s`) and ends it when done; elsewhere (a log file, CI) it
 * prints a line at each further 10%, so logs stay short.
 */
export function progressBar(label: string, stream: ProgressStream, now: () => number = () => performance.now()): (done: number, total: number) => void {
  const started = now();
  let shownDecile = -1;
  let finished = false;
  return (done, total) => {
    if (finished) return;
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const line = `${label}  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}  ${percent}%  ${rate.toLocaleString('en-US')}/s`;
    const complete = done >= total;
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${line}${complete ? '\n' : ''}`);
    } else {
      const decile = Math.floor(percent / 10);
      if (decile > shownDecile) {
        shownDecile = decile;
        stream.write(`${line}\n`);
      }
    }
    finished = complete;
  };
}
