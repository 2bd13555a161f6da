// graphql-js, the reference implementation, as a client would use it.
//   node client-schema.mjs TOOL_FOLDER query   prints getIntrospectionQuery() with every optional part asked for
//   node client-schema.mjs TOOL_FOLDER print   reads an introspection result (JSON) from stdin and prints the
//                                              schema buildClientSchema rebuilds from it, as SDL
// graphql is loaded from TOOL_FOLDER (tools/graphql-reference) so the repository installs it once.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';

const [toolFolder, mode] = process.argv.slice(2);
const { getIntrospectionQuery, buildClientSchema, printSchema } = createRequire(join(toolFolder, 'package.json'))('graphql');

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
} else {
  process.stderr.write(`unknown mode '${mode}': use query or print\n`);
  process.exit(1);
}
