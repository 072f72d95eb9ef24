using FluentValidation;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>Validates the endpoint's <typeparamref name="T"/> argument with its FluentValidation validator.</summary>
internal sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var argument = context.Arguments.OfType<T>().FirstOrDefault()
            ?? throw new RequestValidationException("body", "Request body is required");
        var result = await validator.ValidateAsync(argument, context.HttpContext.RequestAborted);
        if (!result.IsValid)
        {
            var errors = result.Errors.Select(e => new FieldError(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName), e.ErrorMessage)).ToList();
            throw new RequestValidationException(errors, errors[0].Message);
        }

        return await next(context);
    }
}

public static class ValidationExtensions
{
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder)
        => builder.AddEndpointFilter<ValidationFilter<T>>().ProducesValidationProblem();
}
