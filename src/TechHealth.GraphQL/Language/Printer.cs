using System.Text;

namespace TechHealth.GraphQL;

/// <summary>Prints syntax nodes back to GraphQL text (values, types and whole documents), as graphql-js print() does for short forms.</summary>
public static class Printer
{
    public static string Print(Node node)
    {
        var sb = new StringBuilder();
        Write(sb, node, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Node node, int indent)
    {
        switch (node)
        {
            case VariableNode v: sb.Append('$').Append(v.Name.Value); break;
            case IntValueNode i: sb.Append(i.Value); break;
            case FloatValueNode f: sb.Append(f.Value); break;
            case StringValueNode s:
                if (s.Block) sb.Append(BlockString.Print(s.Value));
                else sb.Append(PrintString(s.Value));
                break;
            case BooleanValueNode b: sb.Append(b.Value ? "true" : "false"); break;
            case NullValueNode: sb.Append("null"); break;
            case EnumValueNode e: sb.Append(e.Value); break;
            case ListValueNode l:
                sb.Append('[');
                for (var k = 0; k < l.Values.Count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    Write(sb, l.Values[k], indent);
                }
                sb.Append(']');
                break;
            case ObjectValueNode o:
                if (o.Fields.Count == 0)
                {
                    // The reference printer joins the braces and the (empty) field list with spaces.
                    sb.Append("{  }");
                    break;
                }
                sb.Append("{ ");
                for (var k = 0; k < o.Fields.Count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    sb.Append(o.Fields[k].Name.Value).Append(": ");
                    Write(sb, o.Fields[k].Value, indent);
                }
                sb.Append(" }");
                break;
            case NamedTypeNode n: sb.Append(n.Name.Value); break;
            case ListTypeNode lt: sb.Append('['); Write(sb, lt.Type, indent); sb.Append(']'); break;
            case NonNullTypeNode nn: Write(sb, nn.Type, indent); sb.Append('!'); break;
            case DirectiveNode d:
                sb.Append('@').Append(d.Name.Value);
                WriteArguments(sb, d.Arguments, indent);
                break;
            case DocumentNode doc:
                for (var k = 0; k < doc.Definitions.Count; k++)
                {
                    if (k > 0) sb.Append("\n\n");
                    Write(sb, doc.Definitions[k], indent);
                }
                break;
            case OperationDefinitionNode op:
                var anonymousQuery = op.Name is null && op.Directives.Count == 0 && op.VariableDefinitions.Count == 0 && op.Operation == OperationType.Query;
                if (!anonymousQuery)
                {
                    sb.Append(op.Operation.ToString().ToLowerInvariant());
                    if (op.Name is not null) sb.Append(' ').Append(op.Name.Value);
                    if (op.VariableDefinitions.Count > 0)
                    {
                        if (op.Name is null) sb.Append(' ');
                        sb.Append('(');
                        for (var k = 0; k < op.VariableDefinitions.Count; k++)
                        {
                            if (k > 0) sb.Append(", ");
                            var vd = op.VariableDefinitions[k];
                            sb.Append('$').Append(vd.Variable.Name.Value).Append(": ");
                            Write(sb, vd.Type, indent);
                            if (vd.DefaultValue is not null)
                            {
                                sb.Append(" = ");
                                Write(sb, vd.DefaultValue, indent);
                            }
                            WriteDirectives(sb, vd.Directives, indent);
                        }
                        sb.Append(')');
                    }
                    WriteDirectives(sb, op.Directives, indent);
                    sb.Append(' ');
                }
                Write(sb, op.SelectionSet, indent);
                break;
            case FragmentDefinitionNode fd:
                sb.Append("fragment ").Append(fd.Name!.Value).Append(" on ").Append(fd.TypeCondition.Name.Value);
                WriteDirectives(sb, fd.Directives, indent);
                sb.Append(' ');
                Write(sb, fd.SelectionSet, indent);
                break;
            case SelectionSetNode set:
                sb.Append("{\n");
                foreach (var selection in set.Selections)
                {
                    sb.Append(' ', (indent + 1) * 2);
                    Write(sb, selection, indent + 1);
                    sb.Append('\n');
                }
                sb.Append(' ', indent * 2).Append('}');
                break;
            case FieldNode field:
                if (field.Alias is not null) sb.Append(field.Alias.Value).Append(": ");
                sb.Append(field.Name.Value);
                WriteArguments(sb, field.Arguments, indent);
                WriteDirectives(sb, field.Directives, indent);
                if (field.SelectionSet is not null)
                {
                    sb.Append(' ');
                    Write(sb, field.SelectionSet, indent);
                }
                break;
            case FragmentSpreadNode spread:
                sb.Append("...").Append(spread.Name.Value);
                WriteDirectives(sb, spread.Directives, indent);
                break;
            case InlineFragmentNode inline:
                sb.Append("...");
                if (inline.TypeCondition is not null) sb.Append(" on ").Append(inline.TypeCondition.Name.Value);
                WriteDirectives(sb, inline.Directives, indent);
                sb.Append(' ');
                Write(sb, inline.SelectionSet, indent);
                break;
            default:
                sb.Append(node.GetType().Name);
                break;
        }
    }

    /// <summary>A double-quoted GraphQL string with the reference printer's escapes.</summary>
    public static string PrintString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\t': sb.Append("\\t"); break;
                case '\n': sb.Append("\\n"); break;
                case '\f': sb.Append("\\f"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) sb.Append("\\u").Append(((int)c).ToString("X4"));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }

    private static void WriteArguments(StringBuilder sb, IReadOnlyList<ArgumentNode> args, int indent)
    {
        if (args.Count == 0) return;
        sb.Append('(');
        for (var k = 0; k < args.Count; k++)
        {
            if (k > 0) sb.Append(", ");
            sb.Append(args[k].Name.Value).Append(": ");
            Write(sb, args[k].Value, indent);
        }
        sb.Append(')');
    }

    private static void WriteDirectives(StringBuilder sb, IReadOnlyList<DirectiveNode> directives, int indent)
    {
        foreach (var d in directives)
        {
            sb.Append(' ');
            Write(sb, d, indent);
        }
    }
}
