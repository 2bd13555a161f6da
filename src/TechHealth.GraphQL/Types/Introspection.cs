namespace TechHealth.GraphQL;

/// <summary>
/// Resolvers of the introspection types (__Schema, __Type, __Field, ...) over the schema model,
/// plus the standard introspection query. It owns no schema state of its own.
/// </summary>
public static class Introspection
{
    internal static void Bind(BuiltIns builtIns)
    {
        void On(string type, string field, Func<ResolveContext, object?> resolver) =>
            ((ObjectType)builtIns.IntrospectionType(type)!).Fields[field].SyncResolver = resolver;

        On("__Schema", "description", c => ((Schema)c.Source!).Description);
        On("__Schema", "types", c => ((Schema)c.Source!).Types);
        On("__Schema", "queryType", c => ((Schema)c.Source!).QueryType);
        On("__Schema", "mutationType", c => ((Schema)c.Source!).MutationType);
        On("__Schema", "subscriptionType", c => ((Schema)c.Source!).SubscriptionType);
        On("__Schema", "directives", c =>
            ((Schema)c.Source!).Directives.Where(d => IncludeDeprecated(c) || !d.IsDeprecated).ToList());

        On("__Type", "kind", c => Kind((GraphQLType)c.Source!));
        On("__Type", "name", c => c.Source is NamedType n ? n.Name : null);
        On("__Type", "description", c => c.Source is NamedType n ? n.Description : null);
        On("__Type", "specifiedByURL", c => c.Source is ScalarType s ? s.SpecifiedByUrl : null);
        On("__Type", "fields", c => c.Source is CompositeFieldsType t
            ? t.FieldList.Where(f => IncludeDeprecated(c) || !f.IsDeprecated).ToList()
            : null);
        On("__Type", "interfaces", c => c.Source is CompositeFieldsType t ? t.Interfaces : null);
        On("__Type", "possibleTypes", c => c.Source is UnionType or InterfaceType ? c.Schema.GetPossibleTypes((NamedType)c.Source) : null);
        On("__Type", "enumValues", c => c.Source is EnumType e
            ? e.Values.Where(v => IncludeDeprecated(c) || !v.IsDeprecated).ToList()
            : null);
        On("__Type", "inputFields", c => c.Source is InputObjectType io
            ? io.FieldList.Where(v => IncludeDeprecated(c) || !v.IsDeprecated).ToList()
            : null);
        On("__Type", "ofType", c => c.Source switch
        {
            ListType l => l.OfType,
            NonNullType n => n.OfType,
            _ => null,
        });
        On("__Type", "isOneOf", c => c.Source is InputObjectType io ? io.IsOneOf : null);

        On("__Field", "name", c => ((FieldDefinition)c.Source!).Name);
        On("__Field", "description", c => ((FieldDefinition)c.Source!).Description);
        On("__Field", "args", c => ((FieldDefinition)c.Source!).ArgumentList.Where(a => IncludeDeprecated(c) || !a.IsDeprecated).ToList());
        On("__Field", "type", c => ((FieldDefinition)c.Source!).Type);
        On("__Field", "isDeprecated", c => ((FieldDefinition)c.Source!).IsDeprecated);
        On("__Field", "deprecationReason", c => ((FieldDefinition)c.Source!).DeprecationReason);

        On("__InputValue", "name", c => ((InputValueDefinition)c.Source!).Name);
        On("__InputValue", "description", c => ((InputValueDefinition)c.Source!).Description);
        On("__InputValue", "type", c => ((InputValueDefinition)c.Source!).Type);
        On("__InputValue", "defaultValue", c => PrintDefault((InputValueDefinition)c.Source!));
        On("__InputValue", "isDeprecated", c => ((InputValueDefinition)c.Source!).IsDeprecated);
        On("__InputValue", "deprecationReason", c => ((InputValueDefinition)c.Source!).DeprecationReason);

        On("__EnumValue", "name", c => ((EnumValueDefinition)c.Source!).Name);
        On("__EnumValue", "description", c => ((EnumValueDefinition)c.Source!).Description);
        On("__EnumValue", "isDeprecated", c => ((EnumValueDefinition)c.Source!).IsDeprecated);
        On("__EnumValue", "deprecationReason", c => ((EnumValueDefinition)c.Source!).DeprecationReason);

        On("__Directive", "name", c => ((DirectiveDefinition)c.Source!).Name);
        On("__Directive", "description", c => ((DirectiveDefinition)c.Source!).Description);
        On("__Directive", "isRepeatable", c => ((DirectiveDefinition)c.Source!).IsRepeatable);
        On("__Directive", "locations", c => ((DirectiveDefinition)c.Source!).Locations.Select(l => l.ToString()).ToList());
        On("__Directive", "args", c => ((DirectiveDefinition)c.Source!).ArgumentList.Where(a => IncludeDeprecated(c) || !a.IsDeprecated).ToList());
        On("__Directive", "isDeprecated", c => ((DirectiveDefinition)c.Source!).IsDeprecated);
        On("__Directive", "deprecationReason", c => ((DirectiveDefinition)c.Source!).DeprecationReason);
    }

    private static bool IncludeDeprecated(ResolveContext c) =>
        c.Arguments.TryGetValue("includeDeprecated", out var v) && v is true;

    internal static string? PrintDefault(InputValueDefinition value)
    {
        if (!value.HasDefaultValue) return null;
        if (value.DefaultValueNode is not null) return Printer.Print(value.DefaultValueNode);
        var ast = Values.AstFromValue(value.DefaultValue, value.Type);
        return ast is null ? null : Printer.Print(ast);
    }

    private static string Kind(GraphQLType type) => type switch
    {
        ScalarType => "SCALAR",
        ObjectType => "OBJECT",
        InterfaceType => "INTERFACE",
        UnionType => "UNION",
        EnumType => "ENUM",
        InputObjectType => "INPUT_OBJECT",
        ListType => "LIST",
        _ => "NON_NULL",
    };

    /// <summary>The query graphql-js getIntrospectionQuery() produces with every option on.</summary>
    public const string FullQuery = """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name kind }
            mutationType { name kind }
            subscriptionType { name kind }
            types {
              ...FullType
            }
            directives {
              name
              description
              isRepeatable
              locations
              args(includeDeprecated: true) {
                ...InputValue
              }
            }
          }
        }

        fragment FullType on __Type {
          kind
          name
          description
          specifiedByURL
          isOneOf
          fields(includeDeprecated: true) {
            name
            description
            args(includeDeprecated: true) {
              ...InputValue
            }
            type {
              ...TypeRef
            }
            isDeprecated
            deprecationReason
          }
          inputFields(includeDeprecated: true) {
            ...InputValue
          }
          interfaces {
            ...TypeRef
          }
          enumValues(includeDeprecated: true) {
            name
            description
            isDeprecated
            deprecationReason
          }
          possibleTypes {
            ...TypeRef
          }
        }

        fragment InputValue on __InputValue {
          name
          description
          type { ...TypeRef }
          defaultValue
          isDeprecated
          deprecationReason
        }

        fragment TypeRef on __Type {
          kind
          name
          ofType {
            kind
            name
            ofType {
              kind
              name
              ofType {
                kind
                name
                ofType {
                  kind
                  name
                  ofType {
                    kind
                    name
                    ofType {
                      kind
                      name
                      ofType {
                        kind
                        name
                        ofType {
                          kind
                          name
                          ofType {
                            kind
                            name
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
        """;
}
