// Reading PDFs back in tests with poppler's pdftotext (Debian's poppler-utils, which
// npm test installs): the text of each page as laid out.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The text of each page of `pdf`, and the document's information dictionary (pdfinfo). */
export async function readPdf(pdf: Uint8Array): Promise<{ pages: string[]; info: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sc-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
    const { stdout: info } = await run('pdfinfo', [file]);
    return { pages: stdout.split('\f').filter((page) => page.trim() !== ''), info };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * pdftotext breaks lines where the PDF wraps and pads columns with spaces, so
 * whitespace is dropped on both sides before comparing.
 */
export const squash = (text: string) => text.replace(/\s+/g, '');
