// Reads SDL from stdin and prints it back through graphql-js's buildSchema and printSchema.
import { readFileSync } from 'node:fs';
import { buildSchema, printSchema } from 'graphql';

process.stdout.write(printSchema(buildSchema(readFileSync(0, 'utf8'))));
