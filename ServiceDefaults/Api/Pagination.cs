using System.Globalization;

namespace BuildXpert.ServiceDefaults.Api;

/// <summary>A validated <c>page</c>/<c>limit</c> pair from the query string.</summary>
public sealed record PageRequest(int Page, int Limit)
{
    public const int MaxLimit = 100;

    public int Offset => (Page - 1) * Limit;

    /// <summary>Parses the raw query values; bad values are a 400 with field errors, never a silent default.</summary>
    public static PageRequest Parse(string? page, string? limit, int defaultLimit)
    {
        var errors = new List<FieldError>();
        var parsedPage = ParseOrDefault(page, 1, "page", 1, int.MaxValue / MaxLimit, "Page must be a positive integer", errors);
        var parsedLimit = ParseOrDefault(limit, defaultLimit, "limit", 1, MaxLimit, $"Limit must be between 1 and {MaxLimit}", errors);
        return errors.Count > 0 ? throw new RequestValidationException(errors, errors[0].Message) : new PageRequest(parsedPage, parsedLimit);
    }

    private static int ParseOrDefault(string? raw, int fallback, string field, int min, int max, string message, List<FieldError> errors)
    {
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add(new FieldError(field, message));
        return fallback;
    }
}

/// <summary>The original's pagination block: <c>{currentPage,totalPages,total,limit,hasMore}</c>.</summary>
public sealed record Pagination(int CurrentPage, int TotalPages, int Total, int Limit, bool HasMore)
{
    public static Pagination Of(PageRequest request, int total)
    {
        var totalPages = (int)Math.Ceiling(total / (double)request.Limit);
        return new Pagination(request.Page, totalPages, total, request.Limit, request.Page < totalPages);
    }
}
