using System.Linq.Expressions;
using System.Reflection;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace TechHealth.OData;

/// <summary>
/// Translates the parsed <c>$filter</c> and <c>$orderby</c> trees of ODataUriParser into LINQ expressions over one
/// entity set's rows, so EF turns them into SQL. Owns the mapping of OData operators and functions to members EF
/// can translate; anything else is refused with a <see cref="FeedQueryException"/> naming it, never evaluated in memory.
/// </summary>
internal sealed class ExpressionBuilder(ParameterExpression it, Func<string, FeedProperty?> properties, bool nullPropagation, string option = "$filter")
{
    private string Option => option;

    public Expression Predicate(SingleValueNode node)
    {
        var body = Value(node);
        if (body.Type == typeof(bool?)) body = Expression.Equal(body, Expression.Constant(true, typeof(bool?)));
        if (body.Type != typeof(bool))
            throw new FeedQueryException(Option, $"The $filter expression is of type {body.Type.Name}, not a condition (Edm.Boolean).");
        return body;
    }

    public Expression Rebind(FeedProperty property) => new Rebinder(property.Access.Parameters[0], it).Visit(property.Access.Body);

    public Expression KeyEquals(FeedProperty key, object value)
    {
        var member = Rebind(key);
        return Expression.Equal(member, Parameter(Normalise(value), member.Type));
    }

    /// <summary>
    /// <paramref name="values"/> as a query source of <paramref name="property"/>'s (non-nullable) type, bound as one
    /// array parameter like <see cref="Within"/>: the parents an expansion's per-parent windows hang from.
    /// </summary>
    public Expression Values(FeedProperty property, IReadOnlyCollection<object> values)
    {
        var itemType = Underlying(Rebind(property).Type);
        return Expression.Call(typeof(Queryable), nameof(Queryable.AsQueryable), [itemType], ArrayParameter(itemType, values));
    }

    /// <summary>
    /// <paramref name="property"/> IN <paramref name="values"/>. The list goes to the database as one array parameter
    /// (json_each on SQLite, = ANY on PostgreSQL), so a page of a thousand parents is still one short statement.
    /// </summary>
    public Expression Within(FeedProperty property, IReadOnlyCollection<object> values)
    {
        var member = Rebind(property);
        var itemType = Underlying(member.Type);
        var list = ArrayParameter(itemType, values);
        var probe = member.Type == itemType ? member : Expression.Property(member, "Value");
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [itemType], list, probe);
        return member.Type == itemType ? contains : Expression.AndAlso(Expression.Property(member, "HasValue"), contains);
    }

    /// <summary>The values as one typed array, bound as a single parameter (EF.Parameter keeps it one, not a list of literals).</summary>
    private Expression ArrayParameter(Type itemType, IReadOnlyCollection<object> values)
    {
        var array = Array.CreateInstance(itemType, values.Count);
        var i = 0;
        foreach (var v in values) array.SetValue(Normalise(v), i++);
        Expression list = Parameter(array, array.GetType());
        if (!nullPropagation)
            list = Expression.Call(typeof(Microsoft.EntityFrameworkCore.EF), nameof(Microsoft.EntityFrameworkCore.EF.Parameter), [array.GetType()], list);
        return list;
    }

    /// <summary>Rows after <paramref name="value"/> in key order: the keyset condition behind $skiptoken.</summary>
    public Expression KeyAfter(FeedProperty key, object value)
    {
        var member = Rebind(key);
        var bound = Parameter(Normalise(value), member.Type);
        return member.Type == typeof(string)
            ? Expression.GreaterThan(Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, member, bound), Expression.Constant(0))
            : Expression.GreaterThan(member, bound);
    }

    public Expression Value(SingleValueNode node) => node switch
    {
        ConstantNode c => Constant(c),
        ConvertNode c => Convert(c),
        SingleValuePropertyAccessNode p => Property(p),
        BinaryOperatorNode b => Binary(b),
        UnaryOperatorNode u => Unary(u),
        SingleValueFunctionCallNode f => Function(f),
        InNode i => In(i),
        SingleValueOpenPropertyAccessNode o => throw new FeedQueryException(Option, $"There is no property '{o.Name}'."),
        _ => throw new FeedQueryException(Option, $"The expression kind {node.Kind} is not supported by this feed."),
    };

    private Expression Property(SingleValuePropertyAccessNode node)
    {
        if (node.Source is not ResourceRangeVariableReferenceNode)
            throw new FeedQueryException(Option, $"The property path to '{node.Property.Name}' is not supported; only properties of the entity itself are.");
        var property = properties(node.Property.Name)
            ?? throw new FeedQueryException(Option, $"There is no property '{node.Property.Name}'.");
        return Rebind(property);
    }

    private Expression Constant(ConstantNode node)
    {
        if (node.Value is null)
            return Expression.Constant(null, node.TypeReference is null ? typeof(object) : ClrType(node.TypeReference, nullable: true));
        var value = Normalise(node.Value);
        return Parameter(value, value.GetType());
    }

    /// <summary>Edm values as the rows hold them: times in UTC <see cref="DateTime"/>, dates as <see cref="DateOnly"/>.</summary>
    private static object Normalise(object value) => value switch
    {
        DateTimeOffset t => t.UtcDateTime,
        Date d => new DateOnly(d.Year, d.Month, d.Day),
        _ => value,
    };

    /// <summary>Constants go in as captured values so EF sends them as SQL parameters, not spliced literals.</summary>
    private static Expression Parameter(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(Captured<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private Expression Convert(ConvertNode node)
    {
        if (node.Source is ConstantNode { Value: null })
            return Expression.Constant(null, ClrType(node.TypeReference, nullable: true));
        var source = Value(node.Source);
        var target = ClrType(node.TypeReference, nullable: IsNullable(source.Type));
        if (source.Type == target) return source;
        if (node.Source is ConstantNode c && c.Value is IConvertible convertible && System.Nullable.GetUnderlyingType(target) is null && target.IsPrimitive)
            return Parameter(System.Convert.ChangeType(convertible, target, System.Globalization.CultureInfo.InvariantCulture), target);
        return ConvertTo(source, target);
    }

    private Expression ConvertTo(Expression e, Type target)
    {
        if (e.Type == target) return e;
        if (e is ConstantExpression { Value: null }) return Expression.Constant(null, target);
        try { return Expression.Convert(e, target); }
        catch (InvalidOperationException) { throw new FeedQueryException(Option, $"A value of type {e.Type.Name} cannot be compared with or converted to {target.Name}."); }
    }

    private Expression Unary(UnaryOperatorNode node)
    {
        var operand = Value(node.Operand);
        return node.OperatorKind switch
        {
            UnaryOperatorKind.Not when operand.Type == typeof(bool) || operand.Type == typeof(bool?) => Expression.Not(operand),
            UnaryOperatorKind.Negate when IsNumeric(operand.Type) => Expression.Negate(operand),
            _ => throw new FeedQueryException(Option, $"The operator '{node.OperatorKind}' cannot be applied to {operand.Type.Name}."),
        };
    }

    private Expression Binary(BinaryOperatorNode node)
    {
        var left = Value(node.Left);
        var right = Value(node.Right);
        switch (node.OperatorKind)
        {
            case BinaryOperatorKind.And: return Expression.AndAlso(AsCondition(left), AsCondition(right));
            case BinaryOperatorKind.Or: return Expression.OrElse(AsCondition(left), AsCondition(right));
            case BinaryOperatorKind.Has:
                throw new FeedQueryException(Option, "The operator 'has' is not supported: this feed has no enumeration properties.");
        }
        (left, right) = Align(left, right);
        if (left.Type == typeof(string) && node.OperatorKind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual)
        {
            // string.Compare(a, b) <op> 0 is the shape EF translates to a plain SQL comparison of the two strings.
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            return Expression.MakeBinary(ExpressionType(node.OperatorKind), compare, Expression.Constant(0));
        }
        var kind = ExpressionType(node.OperatorKind);
        if (kind is System.Linq.Expressions.ExpressionType.Add or System.Linq.Expressions.ExpressionType.Subtract
                or System.Linq.Expressions.ExpressionType.Multiply or System.Linq.Expressions.ExpressionType.Divide
                or System.Linq.Expressions.ExpressionType.Modulo && !IsNumeric(left.Type))
            throw new FeedQueryException(Option, $"The operator '{node.OperatorKind}' needs numbers, not {left.Type.Name}.");
        try
        {
            return Expression.MakeBinary(kind, left, right, liftToNull: false, method: null);
        }
        catch (InvalidOperationException)
        {
            throw new FeedQueryException(Option, $"The operator '{node.OperatorKind}' cannot compare {Describe(node.Left)} ({left.Type.Name}) with {Describe(node.Right)} ({right.Type.Name}).");
        }
    }

    private Expression AsCondition(Expression e)
    {
        if (e.Type == typeof(bool)) return e;
        if (e.Type == typeof(bool?)) return Expression.Equal(e, Expression.Constant(true, typeof(bool?)));
        throw new FeedQueryException(Option, $"'and' and 'or' need conditions, not a value of type {e.Type.Name}.");
    }

    private System.Linq.Expressions.ExpressionType ExpressionType(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Equal => System.Linq.Expressions.ExpressionType.Equal,
        BinaryOperatorKind.NotEqual => System.Linq.Expressions.ExpressionType.NotEqual,
        BinaryOperatorKind.GreaterThan => System.Linq.Expressions.ExpressionType.GreaterThan,
        BinaryOperatorKind.GreaterThanOrEqual => System.Linq.Expressions.ExpressionType.GreaterThanOrEqual,
        BinaryOperatorKind.LessThan => System.Linq.Expressions.ExpressionType.LessThan,
        BinaryOperatorKind.LessThanOrEqual => System.Linq.Expressions.ExpressionType.LessThanOrEqual,
        BinaryOperatorKind.Add => System.Linq.Expressions.ExpressionType.Add,
        BinaryOperatorKind.Subtract => System.Linq.Expressions.ExpressionType.Subtract,
        BinaryOperatorKind.Multiply => System.Linq.Expressions.ExpressionType.Multiply,
        BinaryOperatorKind.Divide => System.Linq.Expressions.ExpressionType.Divide,
        BinaryOperatorKind.Modulo => System.Linq.Expressions.ExpressionType.Modulo,
        _ => throw new FeedQueryException(Option, $"The operator '{kind}' is not supported by this feed."),
    };

    /// <summary>Brings two operands to one type: nullable when either is, the wider number when they differ.</summary>
    private (Expression, Expression) Align(Expression left, Expression right)
    {
        if (left.Type == right.Type) return (left, right);
        if (left is ConstantExpression { Value: null }) return (Expression.Constant(null, Nullable(right.Type)), ConvertTo(right, Nullable(right.Type)));
        if (right is ConstantExpression { Value: null }) return (ConvertTo(left, Nullable(left.Type)), Expression.Constant(null, Nullable(left.Type)));
        var l = Underlying(left.Type);
        var r = Underlying(right.Type);
        var common = l == r ? l : Wider(l, r)
            ?? throw new FeedQueryException(Option, $"A value of type {l.Name} cannot be compared with one of type {r.Name}.");
        var nullable = IsNullable(left.Type) || IsNullable(right.Type);
        var target = nullable ? Nullable(common) : common;
        return (ConvertTo(left, target), ConvertTo(right, target));
    }

    private static readonly Type[] NumericOrder = [typeof(byte), typeof(short), typeof(int), typeof(long), typeof(float), typeof(double), typeof(decimal)];

    private static Type? Wider(Type a, Type b)
    {
        var i = Array.IndexOf(NumericOrder, a);
        var j = Array.IndexOf(NumericOrder, b);
        if (i < 0 || j < 0) return null;
        // A double column against a decimal literal compares as double: SQLite has no decimal type to convert to.
        if ((a == typeof(double) && b == typeof(decimal)) || (a == typeof(decimal) && b == typeof(double))) return typeof(double);
        return NumericOrder[Math.Max(i, j)];
    }

    private Expression In(InNode node)
    {
        var left = Value(node.Left);
        if (node.Right is not CollectionConstantNode list)
            throw new FeedQueryException(Option, "'in' is supported only with a literal list, as in Level in ('gold','silver').");
        var itemType = Underlying(left.Type);
        var values = Array.CreateInstance(itemType, list.Collection.Count);
        for (var i = 0; i < list.Collection.Count; i++)
        {
            var raw = list.Collection[i].Value;
            if (raw is null)
                throw new FeedQueryException(Option, "'in' lists may not hold null; use 'eq null' instead.");
            var v = Normalise(raw);
            values.SetValue(v.GetType() == itemType ? v : System.Convert.ChangeType(v, itemType, System.Globalization.CultureInfo.InvariantCulture), i);
        }
        var arrayType = itemType.MakeArrayType();
        var collection = Parameter(values, arrayType);
        var probe = left.Type == itemType ? left : Expression.Property(left, "Value");
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [itemType], collection, probe);
        return left.Type == itemType ? contains : Expression.AndAlso(Expression.Property(left, "HasValue"), contains);
    }

    private Expression Function(SingleValueFunctionCallNode node)
    {
        var args = node.Parameters.Select(p => p is SingleValueNode s ? Value(s)
            : throw new FeedQueryException(Option, $"The function '{node.Name}' takes single values only.")).ToList();
        string Need(int n) => args.Count == n ? node.Name
            : throw new FeedQueryException(Option, $"The function '{node.Name}' takes {n} argument(s), not {args.Count}.");
        Expression Text(int i)
            => args[i].Type == typeof(string) ? args[i]
            : args[i] is ConstantExpression { Value: null } ? Expression.Constant(null, typeof(string))
            : throw new FeedQueryException(Option, $"The function '{node.Name}' needs text for argument {i + 1}, not {args[i].Type.Name}.");

        switch (node.Name.ToLowerInvariant())
        {
            case "contains": Need(2); return Guard(Text(0), Expression.Call(Text(0), StringMethod(nameof(string.Contains), typeof(string)), Text(1)));
            case "startswith": Need(2); return Guard(Text(0), Expression.Call(Text(0), StringMethod(nameof(string.StartsWith), typeof(string)), Text(1)));
            case "endswith": Need(2); return Guard(Text(0), Expression.Call(Text(0), StringMethod(nameof(string.EndsWith), typeof(string)), Text(1)));
            case "indexof": Need(2); return Guard(Text(0), Expression.Call(Text(0), StringMethod(nameof(string.IndexOf), typeof(string)), Text(1)));
            case "tolower": Need(1); return Guard(Text(0), Expression.Call(Text(0), StringMethod(nameof(string.ToLower))));
            case "toupper": Need(1); return Guard(Text(0), Expression.Call(Text(0), StringMethod(nameof(string.ToUpper))));
            case "trim": Need(1); return Guard(Text(0), Expression.Call(Text(0), StringMethod(nameof(string.Trim))));
            case "length": Need(1); return Guard(Text(0), Expression.Property(Text(0), nameof(string.Length)));
            case "concat": Need(2); return Expression.Call(typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string)])!, Text(0), Text(1));
            case "substring":
                if (args.Count is not (2 or 3)) throw new FeedQueryException(Option, $"The function 'substring' takes 2 or 3 arguments, not {args.Count}.");
                var from = ConvertTo(args[1], typeof(int));
                return Guard(Text(0), args.Count == 2
                    ? Expression.Call(Text(0), StringMethod(nameof(string.Substring), typeof(int)), from)
                    : Expression.Call(Text(0), StringMethod(nameof(string.Substring), typeof(int), typeof(int)), from, ConvertTo(args[2], typeof(int))));
            case "year" or "month" or "day": Need(1); return DatePart(node.Name, args[0], [typeof(DateTime), typeof(DateOnly)]);
            case "hour" or "minute" or "second": Need(1); return DatePart(node.Name, args[0], [typeof(DateTime)]);
            case "round" or "floor" or "ceiling":
                Need(1);
                var number = args[0];
                if (Underlying(number.Type) != typeof(double) && Underlying(number.Type) != typeof(decimal))
                    throw new FeedQueryException(Option, $"The function '{node.Name}' needs a number with decimals, not {number.Type.Name}.");
                var math = typeof(Math).GetMethod(Capitalise(node.Name), [Underlying(number.Type)])!;
                return Guard(number, Expression.Call(math, Unwrap(number)));
            default:
                throw new FeedQueryException(Option,
                    $"The function '{node.Name}' is not supported by this feed; supported are contains, startswith, endswith, indexof, tolower, toupper, trim, length, concat, substring, year, month, day, hour, minute, second, round, floor, ceiling.");
        }
    }

    private Expression DatePart(string name, Expression arg, Type[] allowed)
    {
        var type = Underlying(arg.Type);
        if (!allowed.Contains(type))
            throw new FeedQueryException(Option, $"The function '{name}' cannot be applied to {type.Name}.");
        return Guard(arg, Expression.Property(Unwrap(arg), Capitalise(name)));
    }

    private static string Capitalise(string s) => char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant();

    private static Expression Unwrap(Expression e) => IsNullable(e.Type) ? Expression.Property(e, "Value") : e;

    /// <summary>
    /// A function of a value that may be null. SQL propagates nulls itself; rows in memory would throw, so there the
    /// call is guarded: a condition on null is false, any other result is null.
    /// </summary>
    private Expression Guard(Expression instance, Expression call)
    {
        if (!IsNullable(instance.Type) && instance.Type.IsValueType) return call;
        if (!nullPropagation)
            return IsNullable(instance.Type) && call.Type.IsValueType && !IsNullable(call.Type) ? Expression.Convert(call, Nullable(call.Type)) : call;
        var isNull = Expression.Equal(instance, Expression.Constant(null, instance.Type));
        if (call.Type == typeof(bool)) return Expression.AndAlso(Expression.Not(isNull), call);
        var resultType = call.Type.IsValueType ? Nullable(call.Type) : call.Type;
        return Expression.Condition(isNull, Expression.Constant(null, resultType), ConvertTo(call, resultType));
    }

    private static MethodInfo StringMethod(string name, params Type[] parameters)
        => typeof(string).GetMethod(name, parameters) ?? throw new MissingMethodException(nameof(String), name);

    private Type ClrType(IEdmTypeReference type, bool nullable)
    {
        if (!type.IsPrimitive())
            throw new FeedQueryException(Option, $"The type {type.FullName()} is not supported in expressions.");
        var clr = type.AsPrimitive().PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.String => typeof(string),
            EdmPrimitiveTypeKind.Boolean => typeof(bool),
            EdmPrimitiveTypeKind.Byte => typeof(byte),
            EdmPrimitiveTypeKind.Int16 => typeof(short),
            EdmPrimitiveTypeKind.Int32 => typeof(int),
            EdmPrimitiveTypeKind.Int64 => typeof(long),
            EdmPrimitiveTypeKind.Single => typeof(float),
            EdmPrimitiveTypeKind.Double => typeof(double),
            EdmPrimitiveTypeKind.Decimal => typeof(decimal),
            EdmPrimitiveTypeKind.DateTimeOffset => typeof(DateTime),
            EdmPrimitiveTypeKind.Date => typeof(DateOnly),
            var other => throw new FeedQueryException(Option, $"Values of type Edm.{other} are not supported by this feed."),
        };
        return nullable && clr.IsValueType ? Nullable(clr) : clr;
    }

    private static string Describe(SingleValueNode node) => node switch
    {
        SingleValuePropertyAccessNode p => $"'{p.Property.Name}'",
        ConstantNode c => c.LiteralText ?? "a literal",
        ConvertNode c => Describe(c.Source),
        _ => "an expression",
    };

    private static bool IsNullable(Type t) => System.Nullable.GetUnderlyingType(t) is not null;
    private static Type Underlying(Type t) => System.Nullable.GetUnderlyingType(t) ?? t;
    private static Type Nullable(Type t) => t.IsValueType && !IsNullable(t) ? typeof(Nullable<>).MakeGenericType(t) : t;
    private static bool IsNumeric(Type t) => NumericOrder.Contains(Underlying(t));

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>Holds one query value so it reaches the database as a parameter.</summary>
internal sealed class Captured<T>(T value)
{
    public T Value { get; } = value;
}
