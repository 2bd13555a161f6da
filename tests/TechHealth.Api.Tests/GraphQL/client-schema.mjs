// graphql-js, the reference implementation, as a client would use it.
//   node client-schema.mjs TOOL_FOLDER query   prints getIntrospectionQuery() with every optional part asked for
//   node client-schema.mjs TOOL_FOLDER print   reads an introspection result (JSON) from stdin and prints the
//                                              schema buildClientSchema rebuilds from it, as SDL
//   node client-schema.mjs TOOL_FOLDER breaking CONTRACT.graphql
//                                              reads an introspection result from stdin and prints, as JSON, the
//                                              changes from the contract SDL that break or endanger its clients
// graphql is loaded from TOOL_FOLDER (tools/graphql-reference) so the repository installs it once.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const [toolFolder, mode] = process.argv.slice(2);
const { getIntrospectionQuery, buildClientSchema, printSchema, buildSchema, findBreakingChanges, findDangerousChanges } = createRequire(join(toolFolder, 'package.json'))('graphql');

if (mode === 'query') {
  process.stdout.write(getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
    oneOf: true,
  }));
} else if (mode === 'print') {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  if (input.errors) {
    process.stderr.write(JSON.stringify(input.errors));
    process.exit(2);
  }
  process.stdout.write(printSchema(buildClientSchema(input.data)));
} else if (mode === 'breaking') {
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const contract = buildSchema(readFileSync(process.argv[4], 'utf8'));
  const served = buildClientSchema(input.data);
  process.stdout.write(JSON.stringify({
    breaking: findBreakingChanges(contract, served),
    dangerous: findDangerousChanges(contract, served),
  }));
} else {
  process.stderr.write(`unknown mode '${mode}': use query, print or breaking\n`);
  process.exit(1);
}
