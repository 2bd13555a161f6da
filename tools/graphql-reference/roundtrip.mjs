// Reads an introspection result (JSON, from stdin) and prints the schema graphql-js rebuilds from it as SDL.
// The .NET tests compare this with our SchemaPrinter's output for the same schema.
import { readFileSync } from 'node:fs';
import { buildClientSchema, printSchema } from 'graphql';

const input = JSON.parse(readFileSync(0, 'utf8'));
const introspection = input.data ?? input;
process.stdout.write(printSchema(buildClientSchema(introspection)));
