using Aspire.Hosting;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Npgsql;

namespace BuildXpert.Bench;

/// <summary>
/// The run's invariants, checked straight against the services' databases and the broker once the system has caught up.
/// Each check prints its line and adds a violation when it fails; checks that wait for the system poll with a deadline.
/// </summary>
public sealed class Invariants(DistributedApplication app) : IAsyncDisposable
{
    private readonly Dictionary<string, NpgsqlConnection> _databases = [];

    public List<string> Violations { get; } = [];

    public async Task OpenAsync()
    {
        foreach (var name in new[] { ResourceNames.IdentityDb, ResourceNames.BookingsDb, ResourceNames.PaymentsDb, ResourceNames.NotificationsDb })
        {
            var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(name));
            await connection.OpenAsync();
            _databases[name] = connection;
        }
    }

    /// <summary>No outbox row left unsent in any service.</summary>
    public async Task OutboxesDrainedAsync()
    {
        try
        {
            await Poller.UntilAsync(async () =>
            {
                long pending = 0;
                foreach (var connection in _databases.Values)
                {
                    pending += await Database.ScalarAsync(connection, "SELECT count(*) FROM outbox WHERE sent_at IS NULL");
                }

                return pending;
            }, pending => pending == 0, TimeSpan.FromSeconds(90), "every outbox sent");
        }
        catch (TimeoutException stuck)
        {
            Violations.Add(stuck.Message);
        }
    }

    /// <summary>
    /// Every paid order completed once, with one PaymentSucceeded, and its registration active for exactly 30 days per
    /// order paid for it (renewals stack on the end date; a duplicate activation would add 30 more). A webhook lost while
    /// Payments was down is settled by reconciliation: polled.
    /// </summary>
    public async Task PaymentsSettledOnceAsync(IReadOnlyDictionary<string, Guid> paidOrders)
    {
        var orders = paidOrders.Keys.ToArray();
        var registrations = paidOrders.Values.GroupBy(r => r).ToArray();
        var ids = registrations.Select(g => g.Key).ToArray();
        var days = registrations.Select(g => 30 * g.Count()).ToArray();
        async Task<(long Completed, long Succeeded, long Activated)> CountAsync() => (
            await Database.ScalarAsync(_databases[ResourceNames.PaymentsDb], "SELECT count(*) FROM payment_transactions WHERE order_id = ANY(@p) AND status = 'completed'", orders),
            await Database.ScalarAsync(_databases[ResourceNames.PaymentsDb], "SELECT count(*) FROM outbox WHERE message_type LIKE '%PaymentSucceeded%' AND payload->>'orderId' = ANY(@p)", orders),
            await Database.ScalarAsync(_databases[ResourceNames.BookingsDb],
                """
                SELECT count(*) FROM provider_services p JOIN unnest(@p::uuid[], @q::int[]) AS e(id, days) ON p.id = e.id
                WHERE p.payment_status = 'active' AND p.payment_end_date = p.payment_start_date + e.days
                """, ids, days));
        var counts = await PolledAsync(CountAsync, c => c.Completed == orders.Length && c.Succeeded == orders.Length && c.Activated == ids.Length, TimeSpan.FromSeconds(120));
        Console.WriteLine($"payments: {orders.Length} paid ({orders.Length - ids.Length} of them renewals), {counts.Completed} completed, {counts.Succeeded} PaymentSucceeded, " +
            $"{counts.Activated} of {ids.Length} registrations active for exactly 30 days per payment");
        if (counts.Completed != orders.Length || counts.Succeeded != orders.Length || counts.Activated != ids.Length)
        {
            Violations.Add("a paid order was not settled, or settled or activated more than once");
        }
    }

    /// <summary>Every account's booking notifications equal what its bookings and status changes call for (sent is not yet consumed: polled).</summary>
    public async Task BookingNotificationsOnceAsync(IReadOnlyDictionary<(Guid User, string Role), int> expected)
    {
        async Task<int> WrongAsync()
        {
            var counted = await Database.BookingNotificationsAsync(_databases[ResourceNames.NotificationsDb]);
            return expected.Count(e => counted.GetValueOrDefault(e.Key) != e.Value) + counted.Keys.Count(k => !expected.ContainsKey(k));
        }

        var wrong = await PolledAsync(WrongAsync, n => n == 0, TimeSpan.FromSeconds(60));
        Console.WriteLine($"notifications: {expected.Values.Sum()} booking notifications expected for {expected.Count} accounts; {wrong} accounts with a different count");
        if (wrong > 0)
        {
            Violations.Add($"{wrong} accounts got a lost or duplicated booking notification");
        }
    }

    public async Task NoFailedSmsAsync(long realtimeEvents, int clients)
    {
        var failedDeliveries = await Database.ScalarAsync(_databases[ResourceNames.NotificationsDb], "SELECT count(*) FROM sms_messages WHERE status = 'failed'");
        Console.WriteLine($"real-time: {realtimeEvents} notification_created events received by {clients} clients; SMS failed: {failedDeliveries}");
        if (failedDeliveries > 0)
        {
            Violations.Add($"{failedDeliveries} SMS failed");
        }
    }

    /// <summary>Every acknowledged booking stored once, and no booking the customers were never told about.</summary>
    public async Task BookingsOnceAsync(ICollection<string> acknowledged, Guid[] customers, int asked, int stillUnknown)
    {
        var bookingRows = await Database.ScalarAsync(_databases[ResourceNames.BookingsDb], "SELECT count(*) FROM bookings WHERE user_id = ANY(@p)", customers);
        var acknowledgedRows = await Database.ScalarAsync(_databases[ResourceNames.BookingsDb], "SELECT count(*) FROM bookings WHERE id = ANY(@p)", acknowledged.Select(Guid.Parse).ToArray());
        Console.WriteLine($"bookings: {acknowledged.Count} acknowledged, {acknowledgedRows} of them stored, {bookingRows} stored for the customers; {asked} unanswered commands asked again, {stillUnknown} still unknown");
        if (acknowledgedRows != acknowledged.Count || bookingRows != acknowledged.Count || stillUnknown > 0)
        {
            Violations.Add("a booking was lost, doubled, or created without the customer learning it");
        }
    }

    /// <summary>No message MassTransit gave up on.</summary>
    public async Task NoErrorQueueMessagesAsync()
    {
        try
        {
            var errorQueues = await ErrorQueues.CountAsync(app);
            var faulted = errorQueues.Where(q => q.Value > 0).ToList();
            Console.WriteLine($"error queues: {errorQueues.Count}, with messages: {(faulted.Count == 0 ? "none" : string.Join(", ", faulted.Select(q => $"{q.Key}={q.Value}")))}");
            if (faulted.Count > 0)
            {
                Violations.Add($"{faulted.Sum(q => q.Value)} messages in error queues");
            }
        }
        catch (InvalidOperationException ex)
        {
            Violations.Add($"the error queues could not be counted: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _databases.Values)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>The probe's value once <paramref name="done"/>, or its last value at the deadline.</summary>
    private static async Task<T> PolledAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout)
    {
        try
        {
            return await Poller.UntilAsync(probe, done, timeout, "the invariant");
        }
        catch (TimeoutException)
        {
            return await probe();
        }
    }
}
