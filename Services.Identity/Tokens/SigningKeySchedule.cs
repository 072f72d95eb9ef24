namespace BuildXpert.Identity.Tokens;

/// <summary>A stored signing key as the schedule sees it.</summary>
public sealed record ScheduledKey(string KeyId, int Generation, DateTimeOffset SignsFrom);

/// <summary>
/// The rotation rules, without storage: which key signs now, which keys the JWKS publishes, when the next rotation is
/// due, and when any of that next changes. Key <c>n</c> is retired when key <c>n+1</c> starts signing and stays
/// published for <see cref="SigningKeyOptions.RetainRetiredFor"/> after that.
/// </summary>
public sealed class SigningKeySchedule
{
    private readonly IReadOnlyList<ScheduledKey> _keys;
    private readonly SigningKeyOptions _options;

    public SigningKeySchedule(IEnumerable<ScheduledKey> keys, SigningKeyOptions options)
    {
        _keys = [.. keys.OrderBy(k => k.Generation)];
        _options = options;
    }

    /// <summary>The newest key whose signing time has come (null only before the first key exists).</summary>
    public ScheduledKey? SigningKey(DateTimeOffset now) => _keys.LastOrDefault(k => k.SignsFrom <= now);

    /// <summary>Keys in the JWKS: the signing key, one published ahead of its time, and retired ones still within retention.</summary>
    public IReadOnlyList<ScheduledKey> Published(DateTimeOffset now) => [.. _keys.Where(k => now < DroppedAt(k))];

    /// <summary>Keys whose last token has expired: neither published nor needed any more.</summary>
    public IReadOnlyList<ScheduledKey> Expired(DateTimeOffset now) => [.. _keys.Where(k => now >= DroppedAt(k))];

    public bool RotationDue(DateTimeOffset now) => now >= RotationDueAt;

    /// <summary>The slot and signing time of the key a rotation at <paramref name="now"/> creates.</summary>
    public (int Generation, DateTimeOffset SignsFrom) Next(DateTimeOffset now) => _keys.Count == 0
        ? (1, now)
        : (_keys[^1].Generation + 1, now + _options.PublishAhead);

    /// <summary>The next moment the signing key, the published set or the rotation duty changes (a cache must not outlive it).</summary>
    public DateTimeOffset NextChange(DateTimeOffset now) => _keys
        .Select(k => k.SignsFrom)
        .Concat(_keys.Select(DroppedAt))
        .Append(RotationDueAt)
        .Where(t => t > now)
        .DefaultIfEmpty(DateTimeOffset.MaxValue)
        .Min();

    private DateTimeOffset RotationDueAt => _keys.Count == 0
        ? DateTimeOffset.MinValue
        : _keys[^1].SignsFrom + _options.RotateEvery - _options.PublishAhead;

    private DateTimeOffset DroppedAt(ScheduledKey key) =>
        _keys.FirstOrDefault(k => k.Generation > key.Generation) is { } successor
            ? successor.SignsFrom + _options.RetainRetiredFor
            : DateTimeOffset.MaxValue;
}
