// Prints the introspection query graphql-js clients send, with every option on.
import { getIntrospectionQuery } from 'graphql';

process.stdout.write(getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
}));
