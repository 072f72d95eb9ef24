using System.Text.Json;
using StackExchange.Redis;

namespace BuildXpert.Notifications.Calls;

/// <summary>A call in progress: who, which connections, ringing or active. Lives in Redis, so any replica can act on it.</summary>
public sealed record ActiveCall(
    Guid BookingId, Guid CallerId, string CallerRole, string CallerName, Guid ReceiverId, string ReceiverRole, string ReceiverName,
    string ServiceName, string Status, long StartedAtMs, long? AcceptedAtMs, string CallerConnection, string? ReceiverConnection)
{
    public const string Ringing = "ringing";
    public const string Active = "active";

    public bool IsParty(Guid userId, string role)
        => (userId == CallerId && role == CallerRole) || (userId == ReceiverId && role == ReceiverRole);

    public (Guid UserId, string Role) PeerOf(Guid userId) => userId == CallerId ? (ReceiverId, ReceiverRole) : (CallerId, CallerRole);
}

/// <summary>
/// Calls in Redis: <c>call:{bookingId}</c> (the call, JSON), <c>calls:ringing</c> (ring deadlines, a sorted set) and
/// <c>call:connection:{id}</c> (which call a hub connection is in). Every change is a compare-and-set on the call's
/// JSON, so an accept and a ring timeout (or two replicas) cannot both win.
/// </summary>
public sealed class CallRegistry(IConnectionMultiplexer redis)
{
    public const string RingingSet = "calls:ringing";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private IDatabase Db => redis.GetDatabase();

    private static string Key(Guid bookingId) => $"call:{bookingId}";

    private static string ConnectionKey(string connectionId) => $"call:connection:{connectionId}";

    /// <summary>Starts ringing unless a call of this booking is already ringing or active.</summary>
    public async Task<bool> TryStartAsync(ActiveCall call, DateTimeOffset ringUntil)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(Key(call.BookingId)));
        transaction.AddCondition(Condition.KeyNotExists(ConnectionKey(call.CallerConnection))); // one call per connection
        _ = transaction.StringSetAsync(Key(call.BookingId), Serialize(call), Lifetime);
        _ = transaction.SortedSetAddAsync(RingingSet, call.BookingId.ToString(), ringUntil.ToUnixTimeMilliseconds());
        _ = transaction.StringSetAsync(ConnectionKey(call.CallerConnection), call.BookingId.ToString(), Lifetime);
        return await transaction.ExecuteAsync();
    }

    public async Task<ActiveCall?> GetAsync(Guid bookingId)
        => await Db.StringGetAsync(Key(bookingId)) is { HasValue: true } json ? JsonSerializer.Deserialize<ActiveCall>(json.ToString()) : null;

    public async Task<Guid?> CallOfConnectionAsync(string connectionId)
        => await Db.StringGetAsync(ConnectionKey(connectionId)) is { HasValue: true } id && Guid.TryParse(id.ToString(), out var bookingId) ? bookingId : null;

    /// <summary>Replaces <paramref name="current"/> with <paramref name="next"/> if nobody changed it meanwhile.</summary>
    public async Task<bool> TryUpdateAsync(ActiveCall current, ActiveCall next)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(Key(current.BookingId), Serialize(current)));
        _ = transaction.StringSetAsync(Key(next.BookingId), Serialize(next), Lifetime);
        if (next.Status != ActiveCall.Ringing)
        {
            _ = transaction.SortedSetRemoveAsync(RingingSet, next.BookingId.ToString());
        }

        if (next.ReceiverConnection is { } receiver && current.ReceiverConnection is null)
        {
            transaction.AddCondition(Condition.KeyNotExists(ConnectionKey(receiver))); // one call per connection
            _ = transaction.StringSetAsync(ConnectionKey(receiver), next.BookingId.ToString(), Lifetime);
        }

        return await transaction.ExecuteAsync();
    }

    /// <summary>Puts a ring deadline back (the sweeper claimed it for an older call of the same booking).</summary>
    public Task RingUntilAsync(ActiveCall call, DateTimeOffset until)
        => Db.SortedSetAddAsync(RingingSet, call.BookingId.ToString(), until.ToUnixTimeMilliseconds());

    /// <summary>Counts one more action under <paramref name="key"/> in a fixed window; false once over the limit.</summary>
    public async Task<bool> TryCountAsync(string key, int limit, TimeSpan window)
    {
        var counter = $"calls:limit:{key}";
        var count = await Db.StringIncrementAsync(counter);
        await Db.KeyExpireAsync(counter, window, ExpireWhen.HasNoExpiry); // never a counter without an end, even if a call was lost
        return count <= limit;
    }

    /// <summary>Ends <paramref name="current"/> if nobody changed it meanwhile (only one ender wins).</summary>
    public async Task<bool> TryEndAsync(ActiveCall current)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(Key(current.BookingId), Serialize(current)));
        _ = transaction.KeyDeleteAsync(Key(current.BookingId));
        _ = transaction.SortedSetRemoveAsync(RingingSet, current.BookingId.ToString());
        _ = transaction.KeyDeleteAsync(ConnectionKey(current.CallerConnection));
        if (current.ReceiverConnection is { } receiver)
        {
            _ = transaction.KeyDeleteAsync(ConnectionKey(receiver));
        }

        return await transaction.ExecuteAsync();
    }

    /// <summary>Bookings whose ring deadline has passed; each is handed to one caller only (the one whose removal counts).</summary>
    public async Task<IReadOnlyList<Guid>> ClaimOverdueAsync(DateTimeOffset now)
    {
        var due = await Db.SortedSetRangeByScoreAsync(RingingSet, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: 100);
        var claimed = new List<Guid>();
        foreach (var member in due)
        {
            if (await Db.SortedSetRemoveAsync(RingingSet, member) && Guid.TryParse(member.ToString(), out var bookingId))
            {
                claimed.Add(bookingId);
            }
        }

        return claimed;
    }

    private static string Serialize(ActiveCall call) => JsonSerializer.Serialize(call);
}
