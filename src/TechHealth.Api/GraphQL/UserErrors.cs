using HotChocolate;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// The errors a resolver raises for what the caller sent: each carries the <c>code</c> extension clients branch on
/// (and the argument or input field at fault, where there is one). It builds errors only; it decides nothing.
/// </summary>
internal static class UserErrors
{
    public static GraphQLException BadInput(string message, string? field = null)
    {
        var error = ErrorBuilder.New().SetMessage(message).SetCode("BAD_USER_INPUT");
        if (field is not null) error.SetExtension("field", field);
        return new GraphQLException(error.Build());
    }

    public static GraphQLException NotFound(string message)
        => new(ErrorBuilder.New().SetMessage(message).SetCode("NOT_FOUND").Build());

    public static GraphQLException Coded(string message, string code)
        => new(ErrorBuilder.New().SetMessage(message).SetCode(code).Build());
}
