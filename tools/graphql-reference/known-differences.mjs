// Lists the conformance cases the service's GraphQL server currently answers differently from graphql-js, from a test run's
// TRX log, as known-differences.json entries with the first differing line of each answer as the reason.
//
//   dotnet test tests/TechHealth.Api.Tests --filter FullyQualifiedName~Conformance --logger "trx;LogFileName=conformance.trx"
//   node known-differences.mjs <path-to-conformance.trx> <conformance-folder>/known-differences.json
//
// Run it after emptying the list (listed cases pass while they still differ). Review the reasons before
// committing: the list is for differences understood and reported, not for hiding them.
import { readFileSync, writeFileSync } from 'node:fs';

const [trxPath, outputPath] = process.argv.slice(2);
if (!trxPath || !outputPath) {
  console.error('usage: node known-differences.mjs <trx> <known-differences.json>');
  process.exit(2);
}

const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&#xD;/g, '').replace(/&#xA;/g, '\n').replace(/&amp;/g, '&');
const trx = readFileSync(trxPath, 'utf8');
const previous = JSON.parse(readFileSync(outputPath, 'utf8'));
const differences = [];
const resultPattern = /<UnitTestResult [^>]*testName="([^"]*)"[^>]*outcome="Failed"[\s\S]*?<Message>([\s\S]*?)<\/Message>/g;
for (const match of trx.matchAll(resultPattern)) {
  const name = unescape(match[1]);
  const message = unescape(match[2]);
  // xUnit shortens long arguments in test names, so the full case id is read from the assertion message.
  const id = /conformance case: (\S+)/.exec(message)?.[1];
  if (!id) continue;
  const graphqlJs = /^ {2}graphql-js: (.*)$/m.exec(message)?.[1] ?? '';
  const ours = /^ {2}ours: {7}(.*)$/m.exec(message)?.[1] ?? '';
  const reason = `ours: ${ours} | graphql-js: ${graphqlJs}`;
  differences.push({ id, reason });
}
differences.sort((a, b) => a.id.localeCompare(b.id));
writeFileSync(outputPath, JSON.stringify({ about: previous.about, differences }, null, 2) + '\n');
console.log(`${differences.length} known differences written to ${outputPath}`);
