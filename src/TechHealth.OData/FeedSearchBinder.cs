using System.Linq.Expressions;
using Microsoft.AspNetCore.OData.Query.Expressions;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace TechHealth.OData;

/// <summary>
/// <c>$search</c>: each term matches, case-insensitively, the text columns people look things up by (a component's
/// name, title and description; a check result's check id and message; a dependency's name and purl; a group's name
/// and title; a radar entry's id, title and description). AND, OR, NOT and parentheses combine terms. The result is
/// a plain predicate, so it runs in SQL (lower() and instr/strpos) like $filter.
/// </summary>
internal sealed class FeedSearchBinder : ISearchBinder
{
    private static readonly Dictionary<Type, string[]> Searched = new()
    {
        [typeof(ComponentRow)] = [nameof(ComponentRow.Name), nameof(ComponentRow.Title), nameof(ComponentRow.Description)],
        [typeof(CheckResultRow)] = [nameof(CheckResultRow.CheckId), nameof(CheckResultRow.Message)],
        [typeof(DependencyRow)] = [nameof(DependencyRow.Name), nameof(DependencyRow.Purl)],
        [typeof(TeamRow)] = [nameof(TeamRow.Name), nameof(TeamRow.Title)],
        [typeof(DepartmentRow)] = [nameof(DepartmentRow.Name), nameof(DepartmentRow.Title)],
        [typeof(RadarEntryRow)] = [nameof(RadarEntryRow.Id), nameof(RadarEntryRow.Title), nameof(RadarEntryRow.Description)],
    };

    private static readonly System.Reflection.MethodInfo ToLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
    private static readonly System.Reflection.MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;

    public Expression BindSearch(SearchClause searchClause, QueryBinderContext context)
    {
        var type = context.ElementClrType;
        if (!Searched.TryGetValue(type, out var columns))
            throw new ODataException($"$search is not available on {type.Name}.");
        var row = Expression.Parameter(type, "row");
        return Expression.Lambda(Bind(searchClause.Expression, row, columns), row);
    }

    private static Expression Bind(SingleValueNode node, ParameterExpression row, string[] columns) => node switch
    {
        SearchTermNode term => columns.Select(c => Matches(row, c, term.Text)).Aggregate(Expression.OrElse),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and => Expression.AndAlso(Bind(and.Left, row, columns), Bind(and.Right, row, columns)),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or => Expression.OrElse(Bind(or.Left, row, columns), Bind(or.Right, row, columns)),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => Expression.Not(Bind(not.Operand, row, columns)),
        _ => throw new ODataException($"$search cannot combine terms with {node.Kind}."),
    };

    private static Expression Matches(ParameterExpression row, string column, string text)
    {
        var value = Expression.Property(row, column);
        var contains = Expression.Call(Expression.Call(value, ToLower), Contains, Expression.Constant(text.ToLowerInvariant()));
        return Expression.AndAlso(Expression.NotEqual(value, Expression.Constant(null, typeof(string))), contains);
    }
}
