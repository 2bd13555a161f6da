// Reads the conformance corpus: every corpus/*.graphql file holds cases, each opened by a header line
//   #> case: <name>
// and optionally followed by header lines
//   #> variables: <JSON object>
//   #> operationName: <name>
//   #> document: <JSON string>   (for documents holding characters a text file cannot carry plainly)
// The document is every line after the headers up to the next case, without trailing blank lines.
import { readFileSync, readdirSync } from 'node:fs';
import { join, basename } from 'node:path';

export function readCorpus(corpusFolder) {
  const cases = [];
  const seen = new Set();
  for (const file of readdirSync(corpusFolder).filter((f) => f.endsWith('.graphql')).sort()) {
    const lines = readFileSync(join(corpusFolder, file), 'utf8').replace(/\r\n/g, '\n').split('\n');
    let current = null;
    let inHeader = false;
    const finish = () => {
      if (!current) return;
      while (current.lines.length && current.lines[current.lines.length - 1].trim() === '') current.lines.pop();
      const document = current.document ?? current.lines.join('\n');
      cases.push({ id: current.id, document, variables: current.variables ?? null, operationName: current.operationName ?? null });
    };
    lines.forEach((line, index) => {
      const header = /^#> (case|variables|operationName|document): ?(.*)$/.exec(line);
      if (header && header[1] === 'case') {
        finish();
        const id = `${basename(file, '.graphql')}/${header[2].trim()}`;
        if (seen.has(id)) throw new Error(`${file}:${index + 1}: duplicate case "${id}"`);
        seen.add(id);
        current = { id, lines: [] };
        inHeader = true;
        return;
      }
      if (header && inHeader && current) {
        const value = header[2].trim();
        if (header[1] === 'operationName') current.operationName = value;
        else {
          try {
            current[header[1]] = JSON.parse(value);
          } catch (error) {
            throw new Error(`${file}:${index + 1}: ${header[1]} is not valid JSON: ${error.message}`);
          }
        }
        return;
      }
      inHeader = false;
      if (current) current.lines.push(line);
      else if (line.trim() !== '' && !line.startsWith('#')) throw new Error(`${file}:${index + 1}: text before the first "#> case:" line`);
    });
    finish();
  }
  return cases;
}
