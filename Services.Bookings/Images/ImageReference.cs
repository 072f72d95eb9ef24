using BuildXpert.Images;
using FluentValidation;

namespace BuildXpert.Bookings.Images;

/// <summary>
/// An image a provider names in a command (working proofs, the engineering certificate): a data URL, which
/// <see cref="ImageStore"/> stores through the upload pipeline; a link to an upload (sent back unchanged on edit, or
/// uploaded first through <c>/api/upload</c>); or any https URL.
/// </summary>
public static class ImageReference
{
    /// <summary>Null for an acceptable reference, else why not.</summary>
    public static string? Problem(string? value) => value switch
    {
        null or "" => "Image must not be empty",
        _ when InlineImage.IsDataUrl(value) => InlineImage.TryParse(value, out _, out var error) ? null : error,
        _ => IsHttpsUrl(value) || ImageUploader.IsUploadUrl(value) ? null : "Image must be an https URL or a data:image base64 URL",
    };

    public static bool IsHttpsUrl(string value)
        => value.Length <= Data.FieldLengths.Url && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}

public static class ImageRules
{
    /// <summary>The value must be an image reference <see cref="ImageReference.Problem"/> accepts; an empty value passes when <paramref name="optional"/>.</summary>
    public static IRuleBuilderOptionsConditions<T, string?> IsImage<T>(this IRuleBuilder<T, string?> rule, bool optional = false)
        => rule.Custom((url, context) =>
        {
            if (!(optional && string.IsNullOrWhiteSpace(url)) && ImageReference.Problem(url?.Trim()) is { } problem)
            {
                context.AddFailure(problem);
            }
        });
}
