namespace BuildXpert.Payments.Data;

/// <summary>Text cut to its column's length, so a long message from Paytm or a client never fails a save.</summary>
public static class Columns
{
    public static string? Cut(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;
}
