// Runs graphql-js, the reference implementation, over the conformance corpus and prints the expected
// results as JSON. The .NET conformance tests compare our engine with this output case by case.
//
//   node run.mjs <conformance-folder> [output-file]
//
// The conformance folder holds schema.graphql, data.json and corpus/*.graphql. Resolution follows the
// conventions written at the top of schema.graphql; ConformanceSchema.cs implements the same ones.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema, parse, validate, execute, subscribe, printSchema, getOperationAST, GraphQLError, Kind, version,
} from 'graphql';
import { readCorpus } from './corpus.mjs';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

const folder = process.argv[2];
if (!folder) {
  console.error('usage: node run.mjs <conformance-folder> [output-file]');
  process.exit(2);
}

const sdl = readFileSync(join(folder, 'schema.graphql'), 'utf8');
const data = JSON.parse(readFileSync(join(folder, 'data.json'), 'utf8'));
const schema = buildSchema(sdl);
defineDateScalar(schema.getType('Date'));

const cases = readCorpus(join(folder, 'corpus'));
const results = [];
for (const c of cases) {
  results.push({ ...c, ...(await runCase(c)) });
}

const output = JSON.stringify({ generator: `graphql-js ${version}`, printedSchema: printSchema(schema), cases: results }, null, 2) + '\n';
if (process.argv[3]) writeFileSync(process.argv[3], output);
else process.stdout.write(output);

async function runCase(c) {
  let document;
  try {
    // The specification requires at least one selection in a selection set; graphql-js 17 accepts empty
    // ones unless told otherwise.
    document = parse(c.document, { allowEmptySelectionSets: false });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    return { stage: 'parse', result: { errors: [errorJson(error)] } };
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length > 0) {
    return { stage: 'validation', result: { errors: validationErrors.map(errorJson) } };
  }
  const operation = getOperationAST(document, c.operationName ?? undefined);
  if (operation?.operation === 'subscription') return runSubscription(c, document);
  const result = await execute({
    schema,
    document,
    rootValue: data,
    contextValue: { counter: 0 },
    variableValues: c.variables ?? undefined,
    operationName: c.operationName ?? undefined,
    fieldResolver: conventionResolver,
  });
  const json = {};
  if (result.errors) json.errors = result.errors.map(errorJson);
  if ('data' in result) json.data = result.data;
  return { stage: 'data' in result ? 'execution' : 'request', result: json };
}

// Subscribe, then drain the response stream: one result per source event, or one result when the request fails
// before the stream exists (variable coercion, a source stream that cannot be created).
async function runSubscription(c, document) {
  const outcome = await subscribe({
    schema,
    document,
    rootValue: data,
    contextValue: { counter: 0 },
    variableValues: c.variables ?? undefined,
    operationName: c.operationName ?? undefined,
    fieldResolver: conventionResolver,
    subscribeFieldResolver: conventionSubscriber,
  });
  if (!(Symbol.asyncIterator in outcome)) return { stage: 'request', result: resultJson(outcome) };
  const events = [];
  for await (const event of outcome) events.push(resultJson(event));
  return { stage: 'subscription', result: { events } };
}

function resultJson(result) {
  const json = {};
  if (result.errors) json.errors = result.errors.map(errorJson);
  if ('data' in result) json.data = result.data;
  return json;
}

function conventionSubscriber(source, args, context, info) {
  const name = info.fieldName;
  if (/fail/i.test(name)) throw new Error(`boom ${name}`);
  const items = source?.events?.[name] ?? [];
  return (async function* stream() {
    for (const item of items) {
      await new Promise((resolve) => setImmediate(resolve));
      yield item;
    }
  })();
}

function errorJson(error) {
  const json = { message: error.message };
  if (error.locations) json.locations = error.locations.map((l) => ({ line: l.line, column: l.column }));
  if (error.path) json.path = error.path;
  return json;
}

function conventionResolver(source, args, context, info) {
  const name = info.fieldName;
  const field = info.parentType.getFields()[name];
  const resolveNow = () => {
    if (field.args.some((a) => a.name === 'value')) return args.value ?? null;
    if (/fail/i.test(name)) throw new Error(`boom ${name}`);
    if (/bump/i.test(name)) return ++context.counter;
    if (source !== null && typeof source === 'object') return source[name] ?? null;
    return null;
  };
  if (name.startsWith('async')) {
    return new Promise((resolve) => setImmediate(resolve)).then(resolveNow);
  }
  return resolveNow();
}

function coerceDate(value) {
  if (typeof value !== 'string') throw new GraphQLError('Date cannot represent a non-string value');
  if (!DATE.test(value)) throw new GraphQLError(`Date cannot represent value: ${JSON.stringify(value)}`);
  return value;
}

function coerceDateLiteral(node) {
  if (node.kind !== Kind.STRING) throw new GraphQLError('Date cannot represent a non-string value');
  return coerceDate(node.value);
}

function defineDateScalar(type) {
  type.serialize = coerceDate;
  type.coerceOutputValue = coerceDate;
  type.parseValue = coerceDate;
  type.coerceInputValue = coerceDate;
  type.parseLiteral = coerceDateLiteral;
  type.coerceInputLiteral = coerceDateLiteral;
}
