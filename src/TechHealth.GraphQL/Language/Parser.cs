namespace TechHealth.GraphQL;

/// <summary>Options of one parse: a bound on lexical tokens so hostile documents stop early.</summary>
public sealed class ParseOptions
{
    public int? MaxTokens { get; init; }
}

/// <summary>Thrown when a document has more tokens than <see cref="ParseOptions.MaxTokens"/> allows.</summary>
public sealed class TokenLimitException : Exception
{
    public TokenLimitException(int limit)
        : base($"Document contains more than {limit} tokens. Parsing aborted.")
    {
        Limit = limit;
    }

    public int Limit { get; }
}

/// <summary>
/// Recursive-descent parser for the whole GraphQL grammar (executable documents and SDL) into
/// <see cref="DocumentNode"/>. It owns syntax only: it never consults a schema.
/// </summary>
public sealed class Parser
{
    private readonly Lexer _lexer;
    private readonly ParseOptions _options;
    private int _tokenCount;

    private Parser(Source source, ParseOptions? options)
    {
        _lexer = new Lexer(source);
        _options = options ?? new ParseOptions();
    }

    public static DocumentNode Parse(string text, ParseOptions? options = null) => Parse(new Source(text), options);

    public static DocumentNode Parse(Source source, ParseOptions? options = null)
    {
        var parser = new Parser(source, options);
        return parser.ParseDocument();
    }

    /// <summary>Parses a single value literal such as <c>[1, {a: "x"}]</c>.</summary>
    public static ValueNode ParseValue(string text)
    {
        var parser = new Parser(new Source(text), null);
        parser.ExpectToken(TokenKind.Sof);
        var value = parser.ParseValueLiteral(false);
        parser.ExpectToken(TokenKind.Eof);
        return value;
    }

    /// <summary>Parses a type reference such as <c>[String!]!</c>.</summary>
    public static TypeNode ParseType(string text)
    {
        var parser = new Parser(new Source(text), null);
        parser.ExpectToken(TokenKind.Sof);
        var type = parser.ParseTypeReference();
        parser.ExpectToken(TokenKind.Eof);
        return type;
    }

    private Token Current => _lexer.Token;

    private Location Loc(Token start) => new(_lexer.Source, start.Start, _lexer.LastToken.End);

    private void AdvanceLexer()
    {
        var token = _lexer.Advance();
        if (token.Kind != TokenKind.Eof)
        {
            _tokenCount++;
            if (_options.MaxTokens is { } max && _tokenCount > max) throw new TokenLimitException(max);
        }
    }

    private bool Peek(TokenKind kind) => Current.Kind == kind;

    private Token ExpectToken(TokenKind kind)
    {
        var token = Current;
        if (token.Kind == kind)
        {
            AdvanceLexer();
            return token;
        }
        throw new GraphQLSyntaxException(_lexer.Source, token.Start, $"Expected {Token.Describe(kind)}, found {token.Describe()}.");
    }

    private bool ExpectOptionalToken(TokenKind kind)
    {
        if (Current.Kind != kind) return false;
        AdvanceLexer();
        return true;
    }

    private void ExpectKeyword(string value)
    {
        var token = Current;
        if (token.Kind == TokenKind.Name && token.Value == value)
        {
            AdvanceLexer();
            return;
        }
        throw new GraphQLSyntaxException(_lexer.Source, token.Start, $"Expected \"{value}\", found {token.Describe()}.");
    }

    private bool ExpectOptionalKeyword(string value)
    {
        if (Current.Kind == TokenKind.Name && Current.Value == value)
        {
            AdvanceLexer();
            return true;
        }
        return false;
    }

    private GraphQLSyntaxException Unexpected(Token? at = null)
    {
        var token = at ?? Current;
        return new GraphQLSyntaxException(_lexer.Source, token.Start, $"Unexpected {token.Describe()}.");
    }

    private List<T> Any<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        ExpectToken(open);
        var nodes = new List<T>();
        while (!ExpectOptionalToken(close)) nodes.Add(parse());
        return nodes;
    }

    private IReadOnlyList<T> OptionalMany<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        if (!ExpectOptionalToken(open)) return Array.Empty<T>();
        var nodes = new List<T>();
        do nodes.Add(parse());
        while (!ExpectOptionalToken(close));
        return nodes;
    }

    private List<T> Many<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        ExpectToken(open);
        var nodes = new List<T>();
        do nodes.Add(parse());
        while (!ExpectOptionalToken(close));
        return nodes;
    }

    private List<T> DelimitedMany<T>(TokenKind delimiter, Func<T> parse)
    {
        ExpectOptionalToken(delimiter);
        var nodes = new List<T>();
        do nodes.Add(parse());
        while (ExpectOptionalToken(delimiter));
        return nodes;
    }

    private DocumentNode ParseDocument()
    {
        var start = Current;
        var definitions = Many(TokenKind.Sof, ParseDefinition, TokenKind.Eof);
        return new DocumentNode(definitions) { Location = Loc(start), TokenCount = _tokenCount };
    }

    private bool PeekDescription() => Peek(TokenKind.String) || Peek(TokenKind.BlockString);

    private DefinitionNode ParseDefinition()
    {
        if (Peek(TokenKind.BraceL)) return ParseOperationDefinition();
        var hasDescription = PeekDescription();
        var keyword = hasDescription ? _lexer.Lookahead() : Current;
        if (hasDescription && keyword.Kind == TokenKind.BraceL)
            throw new GraphQLSyntaxException(_lexer.Source, Current.Start,
                "Unexpected description, descriptions are not supported on shorthand queries.");
        if (keyword.Kind == TokenKind.Name)
        {
            switch (keyword.Value)
            {
                case "schema": return ParseSchemaDefinition();
                case "scalar": return ParseScalarTypeDefinition();
                case "type": return ParseObjectTypeDefinition();
                case "interface": return ParseInterfaceTypeDefinition();
                case "union": return ParseUnionTypeDefinition();
                case "enum": return ParseEnumTypeDefinition();
                case "input": return ParseInputObjectTypeDefinition();
                case "directive": return ParseDirectiveDefinition();
            }
            switch (keyword.Value)
            {
                case "query":
                case "mutation":
                case "subscription":
                    return ParseOperationDefinition();
                case "fragment":
                    return ParseFragmentDefinition();
            }
            if (hasDescription)
                throw new GraphQLSyntaxException(_lexer.Source, Current.Start,
                    "Unexpected description, only GraphQL definitions support descriptions.");
            if (keyword.Value == "extend") return ParseTypeSystemExtension();
        }
        throw Unexpected(keyword);
    }

    private OperationDefinitionNode ParseOperationDefinition()
    {
        var start = Current;
        if (Peek(TokenKind.BraceL))
        {
            var set = ParseSelectionSet();
            return new OperationDefinitionNode { Operation = OperationType.Query, SelectionSet = set, Location = Loc(start) };
        }
        var description = ParseDescription();
        var operation = ParseOperationType();
        NameNode? name = Peek(TokenKind.Name) ? ParseName() : null;
        var variables = OptionalMany(TokenKind.ParenL, ParseVariableDefinition, TokenKind.ParenR);
        var directives = ParseDirectives(false);
        var selectionSet = ParseSelectionSet();
        return new OperationDefinitionNode
        {
            Description = description,
            Operation = operation,
            Name = name,
            VariableDefinitions = variables,
            Directives = directives,
            SelectionSet = selectionSet,
            Location = Loc(start),
        };
    }

    private OperationType ParseOperationType()
    {
        var token = ExpectToken(TokenKind.Name);
        return token.Value switch
        {
            "query" => OperationType.Query,
            "mutation" => OperationType.Mutation,
            "subscription" => OperationType.Subscription,
            _ => throw Unexpected(token),
        };
    }

    private VariableDefinitionNode ParseVariableDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        var variable = ParseVariable();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        var defaultValue = ExpectOptionalToken(TokenKind.Equals) ? ParseValueLiteral(true) : null;
        var directives = ParseDirectives(true);
        return new VariableDefinitionNode
        {
            Description = description, Variable = variable, Type = type, DefaultValue = defaultValue,
            Directives = directives, Location = Loc(start),
        };
    }

    private VariableNode ParseVariable()
    {
        var start = Current;
        ExpectToken(TokenKind.Dollar);
        var name = ParseName();
        return new VariableNode { Name = name, Location = Loc(start) };
    }

    private SelectionSetNode ParseSelectionSet()
    {
        var start = Current;
        var selections = Many(TokenKind.BraceL, ParseSelection, TokenKind.BraceR);
        return new SelectionSetNode(selections) { Location = Loc(start) };
    }

    private SelectionNode ParseSelection() => Peek(TokenKind.Spread) ? ParseFragment() : ParseField();

    private FieldNode ParseField()
    {
        var start = Current;
        var nameOrAlias = ParseName();
        NameNode? alias = null;
        NameNode name;
        if (ExpectOptionalToken(TokenKind.Colon))
        {
            alias = nameOrAlias;
            name = ParseName();
        }
        else
        {
            name = nameOrAlias;
        }
        var arguments = ParseArguments(false);
        var directives = ParseDirectives(false);
        var selectionSet = Peek(TokenKind.BraceL) ? ParseSelectionSet() : null;
        return new FieldNode
        {
            Alias = alias, Name = name, Arguments = arguments, Directives = directives,
            SelectionSet = selectionSet, Location = Loc(start),
        };
    }

    private IReadOnlyList<ArgumentNode> ParseArguments(bool isConst) =>
        OptionalMany(TokenKind.ParenL, () => ParseArgument(isConst), TokenKind.ParenR);

    private ArgumentNode ParseArgument(bool isConst)
    {
        var start = Current;
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        var value = ParseValueLiteral(isConst);
        return new ArgumentNode { Name = name, Value = value, Location = Loc(start) };
    }

    private SelectionNode ParseFragment()
    {
        var start = Current;
        ExpectToken(TokenKind.Spread);
        var hasTypeCondition = ExpectOptionalKeyword("on");
        if (!hasTypeCondition && Peek(TokenKind.Name))
        {
            var name = ParseFragmentName();
            var spreadDirectives = ParseDirectives(false);
            return new FragmentSpreadNode { Name = name, Directives = spreadDirectives, Location = Loc(start) };
        }
        var typeCondition = hasTypeCondition ? ParseNamedType() : null;
        var directives = ParseDirectives(false);
        var selectionSet = ParseSelectionSet();
        return new InlineFragmentNode
        {
            TypeCondition = typeCondition, Directives = directives, SelectionSet = selectionSet, Location = Loc(start),
        };
    }

    private FragmentDefinitionNode ParseFragmentDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("fragment");
        var name = ParseFragmentName();
        ExpectKeyword("on");
        var typeCondition = ParseNamedType();
        var directives = ParseDirectives(false);
        var selectionSet = ParseSelectionSet();
        return new FragmentDefinitionNode
        {
            Description = description, Name = name, TypeCondition = typeCondition, Directives = directives,
            SelectionSet = selectionSet, Location = Loc(start),
        };
    }

    private NameNode ParseFragmentName()
    {
        if (Current.Value == "on") throw Unexpected();
        return ParseName();
    }

    private NameNode ParseName()
    {
        var token = ExpectToken(TokenKind.Name);
        return new NameNode(token.Value!) { Location = new Location(_lexer.Source, token.Start, token.End) };
    }

    internal ValueNode ParseValueLiteral(bool isConst)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.BracketL:
            {
                var values = Any(TokenKind.BracketL, () => ParseValueLiteral(isConst), TokenKind.BracketR);
                return new ListValueNode(values) { Location = Loc(token) };
            }
            case TokenKind.BraceL:
            {
                var fields = Any(TokenKind.BraceL, () => ParseObjectField(isConst), TokenKind.BraceR);
                return new ObjectValueNode(fields) { Location = Loc(token) };
            }
            case TokenKind.Int:
                AdvanceLexer();
                return new IntValueNode(token.Value!) { Location = Loc(token) };
            case TokenKind.Float:
                AdvanceLexer();
                return new FloatValueNode(token.Value!) { Location = Loc(token) };
            case TokenKind.String:
            case TokenKind.BlockString:
                return ParseStringLiteral();
            case TokenKind.Name:
                AdvanceLexer();
                return token.Value switch
                {
                    "true" => new BooleanValueNode(true) { Location = Loc(token) },
                    "false" => new BooleanValueNode(false) { Location = Loc(token) },
                    "null" => new NullValueNode { Location = Loc(token) },
                    _ => new EnumValueNode(token.Value!) { Location = Loc(token) },
                };
            case TokenKind.Dollar:
                if (isConst)
                {
                    ExpectToken(TokenKind.Dollar);
                    if (Current.Kind == TokenKind.Name)
                        throw new GraphQLSyntaxException(_lexer.Source, token.Start, $"Unexpected variable \"${Current.Value}\" in constant value.");
                    throw Unexpected(token);
                }
                return ParseVariable();
            default:
                throw Unexpected();
        }
    }

    private ObjectFieldNode ParseObjectField(bool isConst)
    {
        var start = Current;
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        var value = ParseValueLiteral(isConst);
        return new ObjectFieldNode { Name = name, Value = value, Location = Loc(start) };
    }

    private StringValueNode ParseStringLiteral()
    {
        var token = Current;
        AdvanceLexer();
        return new StringValueNode(token.Value!, token.Kind == TokenKind.BlockString) { Location = Loc(token) };
    }

    private IReadOnlyList<DirectiveNode> ParseDirectives(bool isConst)
    {
        if (!Peek(TokenKind.At)) return Array.Empty<DirectiveNode>();
        var directives = new List<DirectiveNode>();
        while (Peek(TokenKind.At)) directives.Add(ParseDirective(isConst));
        return directives;
    }

    private DirectiveNode ParseDirective(bool isConst)
    {
        var start = Current;
        ExpectToken(TokenKind.At);
        var name = ParseName();
        var arguments = ParseArguments(isConst);
        return new DirectiveNode { Name = name, Arguments = arguments, Location = Loc(start) };
    }

    internal TypeNode ParseTypeReference()
    {
        var start = Current;
        TypeNode type;
        if (ExpectOptionalToken(TokenKind.BracketL))
        {
            var inner = ParseTypeReference();
            ExpectToken(TokenKind.BracketR);
            type = new ListTypeNode { Type = inner, Location = Loc(start) };
        }
        else
        {
            type = ParseNamedType();
        }
        if (ExpectOptionalToken(TokenKind.Bang)) return new NonNullTypeNode { Type = type, Location = Loc(start) };
        return type;
    }

    private NamedTypeNode ParseNamedType()
    {
        var start = Current;
        var name = ParseName();
        return new NamedTypeNode { Name = name, Location = Loc(start) };
    }

    private StringValueNode? ParseDescription() => PeekDescription() ? ParseStringLiteral() : null;

    private SchemaDefinitionNode ParseSchemaDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("schema");
        var directives = ParseDirectives(true);
        var operationTypes = Many(TokenKind.BraceL, ParseOperationTypeDefinition, TokenKind.BraceR);
        return new SchemaDefinitionNode
        {
            Description = description, Directives = directives, OperationTypes = operationTypes, Location = Loc(start),
        };
    }

    private OperationTypeDefinitionNode ParseOperationTypeDefinition()
    {
        var start = Current;
        var operation = ParseOperationType();
        ExpectToken(TokenKind.Colon);
        var type = ParseNamedType();
        return new OperationTypeDefinitionNode { Operation = operation, Type = type, Location = Loc(start) };
    }

    private ScalarTypeDefinitionNode ParseScalarTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("scalar");
        var name = ParseName();
        var directives = ParseDirectives(true);
        return new ScalarTypeDefinitionNode { Description = description, Name = name, Directives = directives, Location = Loc(start) };
    }

    private ObjectTypeDefinitionNode ParseObjectTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("type");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        return new ObjectTypeDefinitionNode
        {
            Description = description, Name = name, Interfaces = interfaces, Directives = directives, Fields = fields,
            Location = Loc(start),
        };
    }

    private IReadOnlyList<NamedTypeNode> ParseImplementsInterfaces() =>
        ExpectOptionalKeyword("implements") ? DelimitedMany(TokenKind.Amp, ParseNamedType) : Array.Empty<NamedTypeNode>();

    private IReadOnlyList<FieldDefinitionNode> ParseFieldsDefinition() =>
        OptionalMany(TokenKind.BraceL, ParseFieldDefinition, TokenKind.BraceR);

    private FieldDefinitionNode ParseFieldDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        var name = ParseName();
        var args = ParseArgumentDefs();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        var directives = ParseDirectives(true);
        return new FieldDefinitionNode
        {
            Description = description, Name = name, Arguments = args, Type = type, Directives = directives, Location = Loc(start),
        };
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseArgumentDefs() =>
        OptionalMany(TokenKind.ParenL, ParseInputValueDef, TokenKind.ParenR);

    private InputValueDefinitionNode ParseInputValueDef()
    {
        var start = Current;
        var description = ParseDescription();
        var name = ParseName();
        ExpectToken(TokenKind.Colon);
        var type = ParseTypeReference();
        var defaultValue = ExpectOptionalToken(TokenKind.Equals) ? ParseValueLiteral(true) : null;
        var directives = ParseDirectives(true);
        return new InputValueDefinitionNode
        {
            Description = description, Name = name, Type = type, DefaultValue = defaultValue, Directives = directives,
            Location = Loc(start),
        };
    }

    private InterfaceTypeDefinitionNode ParseInterfaceTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("interface");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        return new InterfaceTypeDefinitionNode
        {
            Description = description, Name = name, Interfaces = interfaces, Directives = directives, Fields = fields,
            Location = Loc(start),
        };
    }

    private UnionTypeDefinitionNode ParseUnionTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var types = ParseUnionMemberTypes();
        return new UnionTypeDefinitionNode
        {
            Description = description, Name = name, Directives = directives, Types = types, Location = Loc(start),
        };
    }

    private IReadOnlyList<NamedTypeNode> ParseUnionMemberTypes() =>
        ExpectOptionalToken(TokenKind.Equals) ? DelimitedMany(TokenKind.Pipe, ParseNamedType) : Array.Empty<NamedTypeNode>();

    private EnumTypeDefinitionNode ParseEnumTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var values = ParseEnumValuesDefinition();
        return new EnumTypeDefinitionNode
        {
            Description = description, Name = name, Directives = directives, Values = values, Location = Loc(start),
        };
    }

    private IReadOnlyList<EnumValueDefinitionNode> ParseEnumValuesDefinition() =>
        OptionalMany(TokenKind.BraceL, ParseEnumValueDefinition, TokenKind.BraceR);

    private EnumValueDefinitionNode ParseEnumValueDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        if (Current.Value is "true" or "false" or "null")
            throw new GraphQLSyntaxException(_lexer.Source, Current.Start,
                $"{Current.Describe()} is reserved and cannot be used for an enum value.");
        var name = ParseName();
        var directives = ParseDirectives(true);
        return new EnumValueDefinitionNode { Description = description, Name = name, Directives = directives, Location = Loc(start) };
    }

    private InputObjectTypeDefinitionNode ParseInputObjectTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var fields = ParseInputFieldsDefinition();
        return new InputObjectTypeDefinitionNode
        {
            Description = description, Name = name, Directives = directives, Fields = fields, Location = Loc(start),
        };
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseInputFieldsDefinition() =>
        OptionalMany(TokenKind.BraceL, ParseInputValueDef, TokenKind.BraceR);

    private DefinitionNode ParseTypeSystemExtension()
    {
        var keyword = _lexer.Lookahead();
        if (keyword.Kind == TokenKind.Name)
        {
            switch (keyword.Value)
            {
                case "schema": return ParseSchemaExtension();
                case "scalar": return ParseScalarTypeExtension();
                case "type": return ParseObjectTypeExtension();
                case "interface": return ParseInterfaceTypeExtension();
                case "union": return ParseUnionTypeExtension();
                case "enum": return ParseEnumTypeExtension();
                case "input": return ParseInputObjectTypeExtension();
            }
        }
        throw Unexpected(keyword);
    }

    private SchemaDefinitionNode ParseSchemaExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("schema");
        var directives = ParseDirectives(true);
        var operationTypes = OptionalMany(TokenKind.BraceL, ParseOperationTypeDefinition, TokenKind.BraceR);
        if (directives.Count == 0 && operationTypes.Count == 0) throw Unexpected();
        return new SchemaDefinitionNode { IsExtension = true, Directives = directives, OperationTypes = operationTypes, Location = Loc(start) };
    }

    private ScalarTypeDefinitionNode ParseScalarTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("scalar");
        var name = ParseName();
        var directives = ParseDirectives(true);
        if (directives.Count == 0) throw Unexpected();
        return new ScalarTypeDefinitionNode { IsExtension = true, Name = name, Directives = directives, Location = Loc(start) };
    }

    private ObjectTypeDefinitionNode ParseObjectTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("type");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        if (interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return new ObjectTypeDefinitionNode
        {
            IsExtension = true, Name = name, Interfaces = interfaces, Directives = directives, Fields = fields, Location = Loc(start),
        };
    }

    private InterfaceTypeDefinitionNode ParseInterfaceTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("interface");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        if (interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return new InterfaceTypeDefinitionNode
        {
            IsExtension = true, Name = name, Interfaces = interfaces, Directives = directives, Fields = fields, Location = Loc(start),
        };
    }

    private UnionTypeDefinitionNode ParseUnionTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var types = ParseUnionMemberTypes();
        if (directives.Count == 0 && types.Count == 0) throw Unexpected();
        return new UnionTypeDefinitionNode { IsExtension = true, Name = name, Directives = directives, Types = types, Location = Loc(start) };
    }

    private EnumTypeDefinitionNode ParseEnumTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var values = ParseEnumValuesDefinition();
        if (directives.Count == 0 && values.Count == 0) throw Unexpected();
        return new EnumTypeDefinitionNode { IsExtension = true, Name = name, Directives = directives, Values = values, Location = Loc(start) };
    }

    private InputObjectTypeDefinitionNode ParseInputObjectTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var fields = ParseInputFieldsDefinition();
        if (directives.Count == 0 && fields.Count == 0) throw Unexpected();
        return new InputObjectTypeDefinitionNode { IsExtension = true, Name = name, Directives = directives, Fields = fields, Location = Loc(start) };
    }

    private static readonly HashSet<string> DirectiveLocations = new(StringComparer.Ordinal)
    {
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION", "DIRECTIVE_DEFINITION", "FRAGMENT_VARIABLE_DEFINITION",
    };

    private DirectiveDefinitionNode ParseDirectiveDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("directive");
        ExpectToken(TokenKind.At);
        var name = ParseName();
        var args = ParseArgumentDefs();
        var repeatable = ExpectOptionalKeyword("repeatable");
        ExpectKeyword("on");
        var locations = DelimitedMany(TokenKind.Pipe, ParseDirectiveLocation);
        return new DirectiveDefinitionNode
        {
            Description = description, Name = name, Arguments = args, Repeatable = repeatable, Locations = locations,
            Location = Loc(start),
        };
    }

    private NameNode ParseDirectiveLocation()
    {
        var start = Current;
        var name = ParseName();
        if (DirectiveLocations.Contains(name.Value)) return name;
        throw Unexpected(start);
    }
}
