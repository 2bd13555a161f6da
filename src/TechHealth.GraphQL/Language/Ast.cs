namespace TechHealth.GraphQL;

/// <summary>Base of every syntax tree node: holds the source span it came from. Nodes are immutable.</summary>
public abstract class Node
{
    public Location? Location { get; init; }
}

public sealed class NameNode : Node
{
    public NameNode(string value) => Value = value;
    public string Value { get; }
    public override string ToString() => Value;
}

/// <summary>A whole parsed document: executable definitions and/or type system definitions.</summary>
public sealed class DocumentNode : Node
{
    public DocumentNode(IReadOnlyList<DefinitionNode> definitions) => Definitions = definitions;
    public IReadOnlyList<DefinitionNode> Definitions { get; }
    /// <summary>How many lexical tokens the parser read; used by token limits.</summary>
    public int TokenCount { get; init; }
}

public abstract class DefinitionNode : Node { }

public abstract class ExecutableDefinitionNode : DefinitionNode
{
    public NameNode? Name { get; init; }
    public IReadOnlyList<DirectiveNode> Directives { get; init; } = Array.Empty<DirectiveNode>();
    public SelectionSetNode SelectionSet { get; init; } = null!;
}

public enum OperationType { Query, Mutation, Subscription }

public sealed class OperationDefinitionNode : ExecutableDefinitionNode
{
    public OperationType Operation { get; init; }
    public IReadOnlyList<VariableDefinitionNode> VariableDefinitions { get; init; } = Array.Empty<VariableDefinitionNode>();
    public StringValueNode? Description { get; init; }
}

public sealed class FragmentDefinitionNode : ExecutableDefinitionNode
{
    public NamedTypeNode TypeCondition { get; init; } = null!;
    public StringValueNode? Description { get; init; }
}

public sealed class VariableDefinitionNode : Node
{
    public VariableNode Variable { get; init; } = null!;
    public TypeNode Type { get; init; } = null!;
    public ValueNode? DefaultValue { get; init; }
    public IReadOnlyList<DirectiveNode> Directives { get; init; } = Array.Empty<DirectiveNode>();
    public StringValueNode? Description { get; init; }
}

public sealed class SelectionSetNode : Node
{
    public SelectionSetNode(IReadOnlyList<SelectionNode> selections) => Selections = selections;
    public IReadOnlyList<SelectionNode> Selections { get; }
}

public abstract class SelectionNode : Node
{
    public IReadOnlyList<DirectiveNode> Directives { get; init; } = Array.Empty<DirectiveNode>();
}

public sealed class FieldNode : SelectionNode
{
    public NameNode? Alias { get; init; }
    public NameNode Name { get; init; } = null!;
    public IReadOnlyList<ArgumentNode> Arguments { get; init; } = Array.Empty<ArgumentNode>();
    public SelectionSetNode? SelectionSet { get; init; }
    public string ResponseKey => Alias?.Value ?? Name.Value;
}

public sealed class FragmentSpreadNode : SelectionNode
{
    public NameNode Name { get; init; } = null!;
}

public sealed class InlineFragmentNode : SelectionNode
{
    public NamedTypeNode? TypeCondition { get; init; }
    public SelectionSetNode SelectionSet { get; init; } = null!;
}

public sealed class ArgumentNode : Node
{
    public NameNode Name { get; init; } = null!;
    public ValueNode Value { get; init; } = null!;
}

public sealed class DirectiveNode : Node
{
    public NameNode Name { get; init; } = null!;
    public IReadOnlyList<ArgumentNode> Arguments { get; init; } = Array.Empty<ArgumentNode>();
}

public abstract class ValueNode : Node { }

public sealed class VariableNode : ValueNode
{
    public NameNode Name { get; init; } = null!;
}

public sealed class IntValueNode : ValueNode
{
    public IntValueNode(string value) => Value = value;
    public string Value { get; }
}

public sealed class FloatValueNode : ValueNode
{
    public FloatValueNode(string value) => Value = value;
    public string Value { get; }
}

public sealed class StringValueNode : ValueNode
{
    public StringValueNode(string value, bool block = false)
    {
        Value = value;
        Block = block;
    }

    public string Value { get; }
    public bool Block { get; }
}

public sealed class BooleanValueNode : ValueNode
{
    public BooleanValueNode(bool value) => Value = value;
    public bool Value { get; }
}

public sealed class NullValueNode : ValueNode { }

public sealed class EnumValueNode : ValueNode
{
    public EnumValueNode(string value) => Value = value;
    public string Value { get; }
}

public sealed class ListValueNode : ValueNode
{
    public ListValueNode(IReadOnlyList<ValueNode> values) => Values = values;
    public IReadOnlyList<ValueNode> Values { get; }
}

public sealed class ObjectValueNode : ValueNode
{
    public ObjectValueNode(IReadOnlyList<ObjectFieldNode> fields) => Fields = fields;
    public IReadOnlyList<ObjectFieldNode> Fields { get; }
}

public sealed class ObjectFieldNode : Node
{
    public NameNode Name { get; init; } = null!;
    public ValueNode Value { get; init; } = null!;
}

public abstract class TypeNode : Node { }

public sealed class NamedTypeNode : TypeNode
{
    public NameNode Name { get; init; } = null!;
}

public sealed class ListTypeNode : TypeNode
{
    public TypeNode Type { get; init; } = null!;
}

public sealed class NonNullTypeNode : TypeNode
{
    public TypeNode Type { get; init; } = null!;
}

/// <summary>Type system definitions and extensions (SDL). <see cref="IsExtension"/> marks "extend ..." forms.</summary>
public abstract class TypeSystemNode : DefinitionNode
{
    public StringValueNode? Description { get; init; }
    public IReadOnlyList<DirectiveNode> Directives { get; init; } = Array.Empty<DirectiveNode>();
    public bool IsExtension { get; init; }
}

public sealed class SchemaDefinitionNode : TypeSystemNode
{
    public IReadOnlyList<OperationTypeDefinitionNode> OperationTypes { get; init; } = Array.Empty<OperationTypeDefinitionNode>();
}

public sealed class OperationTypeDefinitionNode : Node
{
    public OperationType Operation { get; init; }
    public NamedTypeNode Type { get; init; } = null!;
}

public abstract class TypeDefinitionNode : TypeSystemNode
{
    public NameNode Name { get; init; } = null!;
}

public sealed class ScalarTypeDefinitionNode : TypeDefinitionNode { }

public sealed class ObjectTypeDefinitionNode : TypeDefinitionNode
{
    public IReadOnlyList<NamedTypeNode> Interfaces { get; init; } = Array.Empty<NamedTypeNode>();
    public IReadOnlyList<FieldDefinitionNode> Fields { get; init; } = Array.Empty<FieldDefinitionNode>();
}

public sealed class InterfaceTypeDefinitionNode : TypeDefinitionNode
{
    public IReadOnlyList<NamedTypeNode> Interfaces { get; init; } = Array.Empty<NamedTypeNode>();
    public IReadOnlyList<FieldDefinitionNode> Fields { get; init; } = Array.Empty<FieldDefinitionNode>();
}

public sealed class UnionTypeDefinitionNode : TypeDefinitionNode
{
    public IReadOnlyList<NamedTypeNode> Types { get; init; } = Array.Empty<NamedTypeNode>();
}

public sealed class EnumTypeDefinitionNode : TypeDefinitionNode
{
    public IReadOnlyList<EnumValueDefinitionNode> Values { get; init; } = Array.Empty<EnumValueDefinitionNode>();
}

public sealed class InputObjectTypeDefinitionNode : TypeDefinitionNode
{
    public IReadOnlyList<InputValueDefinitionNode> Fields { get; init; } = Array.Empty<InputValueDefinitionNode>();
}

public sealed class FieldDefinitionNode : Node
{
    public StringValueNode? Description { get; init; }
    public NameNode Name { get; init; } = null!;
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; init; } = Array.Empty<InputValueDefinitionNode>();
    public TypeNode Type { get; init; } = null!;
    public IReadOnlyList<DirectiveNode> Directives { get; init; } = Array.Empty<DirectiveNode>();
}

public sealed class InputValueDefinitionNode : Node
{
    public StringValueNode? Description { get; init; }
    public NameNode Name { get; init; } = null!;
    public TypeNode Type { get; init; } = null!;
    public ValueNode? DefaultValue { get; init; }
    public IReadOnlyList<DirectiveNode> Directives { get; init; } = Array.Empty<DirectiveNode>();
}

public sealed class EnumValueDefinitionNode : Node
{
    public StringValueNode? Description { get; init; }
    public NameNode Name { get; init; } = null!;
    public IReadOnlyList<DirectiveNode> Directives { get; init; } = Array.Empty<DirectiveNode>();
}

public sealed class DirectiveDefinitionNode : TypeSystemNode
{
    public NameNode Name { get; init; } = null!;
    public IReadOnlyList<InputValueDefinitionNode> Arguments { get; init; } = Array.Empty<InputValueDefinitionNode>();
    public bool Repeatable { get; init; }
    public IReadOnlyList<NameNode> Locations { get; init; } = Array.Empty<NameNode>();
}
