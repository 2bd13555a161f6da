using System.Linq.Expressions;

namespace TechHealth.OData;

/// <summary>
/// SQLite sorts nulls first in ascending order and PostgreSQL last. So that a feed answers the same on both (and pages
/// do not reshuffle when a store moves), every ordering on a nullable key is preceded by "is it null": nulls first
/// ascending and last descending, everywhere in the query, expanded collections included.
/// </summary>
internal sealed class NullOrdering : ExpressionVisitor
{
    public static IQueryable Apply(IQueryable query)
        => query.Provider.CreateQuery(new NullOrdering().Visit(query.Expression));

    protected override Expression VisitMethodCall(MethodCallExpression call)
    {
        var visited = (MethodCallExpression)base.VisitMethodCall(call);
        var method = visited.Method;
        if (method.DeclaringType != typeof(Queryable) && method.DeclaringType != typeof(Enumerable)) return visited;
        var first = method.Name is nameof(Queryable.OrderBy) or nameof(Queryable.OrderByDescending);
        var then = method.Name is nameof(Queryable.ThenBy) or nameof(Queryable.ThenByDescending);
        if ((!first && !then) || visited.Arguments.Count != 2) return visited;
        var selector = Lambda(visited.Arguments[1]);
        if (selector is null || !Nullable(selector.Body)) return visited;

        var descending = method.Name.EndsWith("Descending", StringComparison.Ordinal);
        // key == null ? 0 : 1, in the same direction as the key: nulls first ascending, last descending.
        var isSet = Expression.Lambda(
            Expression.Condition(Expression.Equal(selector.Body, Expression.Constant(null, selector.Body.Type)), Expression.Constant(0), Expression.Constant(1)),
            selector.Parameters);
        var source = visited.Arguments[0];
        var element = method.GetGenericArguments()[0];
        var owner = method.DeclaringType!;
        Expression Quote(LambdaExpression l) => owner == typeof(Queryable) ? Expression.Quote(l) : l;
        var byNull = Expression.Call(owner, method.Name, [element, typeof(int)], source, Quote(isSet));
        var thenName = descending ? nameof(Queryable.ThenByDescending) : nameof(Queryable.ThenBy);
        return Expression.Call(owner, thenName, [element, selector.Body.Type], byNull, visited.Arguments[1]);
    }

    private static LambdaExpression? Lambda(Expression argument) => argument switch
    {
        UnaryExpression { NodeType: ExpressionType.Quote, Operand: LambdaExpression l } => l,
        LambdaExpression l => l,
        _ => null,
    };

    /// <summary>Nullable value types, and reference-typed columns the row classes do not declare non-null.</summary>
    private static bool Nullable(Expression key)
    {
        if (key.Type.IsValueType) return System.Nullable.GetUnderlyingType(key.Type) is not null;
        if (key is MemberExpression { Member: System.Reflection.PropertyInfo property })
            return new System.Reflection.NullabilityInfoContext().Create(property).ReadState != System.Reflection.NullabilityState.NotNull;
        return true;
    }

    /// <summary>
    /// Appends the key to the ordering of the rows themselves (the last OrderBy/ThenBy on <paramref name="row"/> in the
    /// query's own chain, not those of expanded collections), so ties come back in the same order on every store.
    /// </summary>
    public static IQueryable ThenByKey(IQueryable query, Type row, string key)
        => query.Provider.CreateQuery(ThenByKey(query.Expression, row, key));

    private static Expression ThenByKey(Expression expression, Type row, string key)
    {
        if (expression is not MethodCallExpression { Method.DeclaringType: var owner } call || owner != typeof(Queryable) || call.Arguments.Count == 0)
            return expression;
        var name = call.Method.Name;
        if (name is nameof(Queryable.OrderBy) or nameof(Queryable.OrderByDescending) or nameof(Queryable.ThenBy) or nameof(Queryable.ThenByDescending)
            && call.Method.GetGenericArguments()[0] == row)
        {
            var parameter = Expression.Parameter(row, "row");
            var property = Expression.Property(parameter, key);
            return Expression.Call(typeof(Queryable), nameof(Queryable.ThenBy), [row, property.Type], call, Expression.Quote(Expression.Lambda(property, parameter)));
        }
        return call.Update(call.Object, [ThenByKey(call.Arguments[0], row, key), .. call.Arguments.Skip(1)]);
    }
}
