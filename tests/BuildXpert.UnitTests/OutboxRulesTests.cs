using BuildXpert.Contracts;
using BuildXpert.Messaging;

namespace BuildXpert.UnitTests;

public class OutboxRulesTests
{
    private readonly OutboxOptions _options = new() { FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMinutes(5) };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    public void Retry_delays_double_from_the_first_delay(int attempts, double seconds)
        => Assert.Equal(TimeSpan.FromSeconds(seconds), _options.RetryDelay(attempts, jitter01: 0.5));

    [Fact]
    public void Retry_delays_stop_growing_at_the_cap_even_after_many_attempts()
        => Assert.Equal(TimeSpan.FromMinutes(5), _options.RetryDelay(500, jitter01: 0.5));

    [Fact]
    public void Jitter_spreads_a_delay_by_at_most_20_percent()
    {
        Assert.Equal(TimeSpan.FromSeconds(0.8), _options.RetryDelay(1, jitter01: 0));
        Assert.Equal(TimeSpan.FromSeconds(1.2), _options.RetryDelay(1, jitter01: 1));
    }

    [Fact]
    public void An_outbox_row_carries_the_event_id_type_and_payload()
    {
        var message = new UserRegistered(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), "Asha", "9876543210", null, "user");

        var row = OutboxMessages.Create(message);

        Assert.Equal(message.EventId, row.Id);
        Assert.Equal(typeof(UserRegistered), OutboxMessages.ResolveType(row.MessageType));
        Assert.Contains("\"fullName\":\"Asha\"", row.Payload);
        Assert.Null(row.SentAt);
    }

    [Fact]
    public void An_unknown_message_type_is_an_error_not_a_silent_drop()
        => Assert.Throws<InvalidOperationException>(() => OutboxMessages.ResolveType("BuildXpert.Contracts.Nope, BuildXpert.Contracts"));

    [Fact]
    public void Every_integration_event_has_an_id_a_time_and_a_namespace()
    {
        var events = typeof(IIntegrationEvent).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(IIntegrationEvent).IsAssignableFrom(t)).ToList();

        Assert.True(events.Count >= 16);
        Assert.All(events, t => Assert.Equal("BuildXpert.Contracts", t.Namespace));
    }
}
