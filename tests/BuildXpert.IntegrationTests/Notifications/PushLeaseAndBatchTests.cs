using System.Text.Json;
using BuildXpert.Notifications.Push;
using BuildXpert.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.IntegrationTests.Notifications;

/// <summary>How the push queue talks to Expo: one project per request, leases, the send-time token check, poison answers.</summary>
[Collection(ServersCollection.Name)]
public class PushLeaseAndBatchTests(ServersFixture fixture)
{
    /// <summary>The fake's rule for which Expo project a token belongs to (the provider app's tokens start with "prov").</summary>
    private static string ProjectOf(string token) => token.StartsWith("ExponentPushToken[prov", StringComparison.Ordinal) ? "@buildxpert/provider" : "@buildxpert/user";

    private static List<string> TokensOf(FakeProvider.RecordedRequest request)
        => [.. JsonDocument.Parse(request.Body).RootElement.EnumerateArray().Select(m => m.GetProperty("to").GetString()!)];

    /// <summary>Like Expo: a request mixing projects is refused whole (400 PUSH_TOO_MANY_EXPERIENCE_IDS); otherwise ok tickets.</summary>
    private static IResult ExpoAnswer(FakeProvider.RecordedRequest request)
    {
        if (request.Path.EndsWith("/getReceipts", StringComparison.Ordinal))
        {
            var ids = JsonDocument.Parse(request.Body).RootElement.GetProperty("ids").EnumerateArray().Select(i => i.GetString()!);
            return Results.Json(new { data = ids.ToDictionary(id => id, _ => (object)new { status = "ok" }) });
        }

        var tokens = TokensOf(request);
        var projects = tokens.GroupBy(ProjectOf).ToDictionary(g => g.Key, g => g.ToArray());
        return projects.Count > 1
            ? Results.Json(new { errors = new[] { new { code = "PUSH_TOO_MANY_EXPERIENCE_IDS", message = "All push notification messages in the same request must be for the same project", details = projects, isTransient = false } } }, statusCode: 400)
            : Results.Json(new { data = tokens.Select(_ => new { status = "ok", id = Guid.NewGuid().ToString() }) });
    }

    private static Dictionary<string, string?> Settings(FakeProvider expo, string lease = "00:01:00", int maxAttempts = 5) => new()
    {
        ["Push:Provider"] = "Expo",
        ["Push:Expo:BaseUrl"] = expo.BaseUrl.ToString(),
        ["Push:RetryInitialDelay"] = "00:00:00.200",
        ["Push:RetryMaxDelay"] = "00:00:01",
        ["Push:ReceiptDelay"] = "00:00:00.300",
        ["Push:PollInterval"] = "00:00:00.100",
        ["Push:Lease"] = lease,
        ["Push:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string NewToken(string prefix) => $"ExponentPushToken[{prefix}{Guid.NewGuid():N}]";

    private static PushToken Token(Guid userId, string role, string token, bool active = true)
        => new() { Id = Guid.NewGuid(), UserId = userId, Role = role, Token = token, IsActive = active, CreatedAt = DateTimeOffset.UtcNow, LastSeenAt = DateTimeOffset.UtcNow };

    private static PushDelivery Push(Guid userId, string role, string token) => new()
    {
        Id = Guid.NewGuid(),
        UserId = userId,
        Role = role,
        Token = token,
        Category = PushCategories.Account,
        Title = "New Sign-in",
        Body = "Pixel 9",
        CreatedAt = DateTimeOffset.UtcNow,
        NextAttemptAt = DateTimeOffset.UtcNow,
    };

    /// <summary>Registers the tokens, then queues the pushes in one transaction (so one claim takes them all).</summary>
    private static async Task QueueAsync(NotificationsHost host, PushToken[] tokens, PushDelivery[] pushes)
    {
        await host.ExecuteAsync(db =>
        {
            db.PushTokens.AddRange(tokens);
            return Task.CompletedTask;
        });
        await host.ExecuteAsync(db =>
        {
            db.PushDeliveries.AddRange(pushes);
            return Task.CompletedTask;
        });
    }

    private static Task<List<PushDelivery>> SettledAsync(NotificationsHost host, PushDelivery[] pushes, string what)
    {
        var ids = pushes.Select(p => p.Id).ToList();
        return Poller.UntilAsync(
            () => host.QueryAsync(db => db.PushDeliveries.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync()),
            rows => rows.Count == ids.Count && rows.All(r => r.Status is PushStatus.Delivered or PushStatus.Failed), TimeSpan.FromSeconds(30), what);
    }

    [Fact]
    public async Task Pushes_for_the_two_apps_go_in_separate_requests_and_a_refused_batch_is_retried_row_by_row()
    {
        await using var expo = await FakeProvider.StartAsync((request, _) => ExpoAnswer(request));
        await using var host = await NotificationsHost.StartAsync(fixture, Settings(expo), _ => { });
        var (customer, provider, customerOnProviderApp) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (customerToken, providerToken, oddToken) = (NewToken("user"), NewToken("prov"), NewToken("prov"));
        PushDelivery[] pushes = [Push(customer, "user", customerToken), Push(provider, "provider", providerToken), Push(customerOnProviderApp, "user", oddToken)];

        // The third token is a customer account signed in on the provider app: grouped with the customers, refused by Expo.
        await QueueAsync(host, [Token(customer, "user", customerToken), Token(provider, "provider", providerToken), Token(customerOnProviderApp, "user", oddToken)], pushes);
        var rows = await SettledAsync(host, pushes, "the three pushes settled");

        Assert.All(rows, r => Assert.Equal(PushStatus.Delivered, r.Status));
        var sends = expo.Snapshot("/push/send").Select(TokensOf).ToList();
        Assert.Single(sends, tokens => tokens.Select(ProjectOf).Distinct().Count() > 1); // the customers' batch, refused once
        Assert.Contains(sends, tokens => tokens.SequenceEqual([providerToken]));
        Assert.Contains(sends, tokens => tokens.SequenceEqual([customerToken]));
        Assert.Contains(sends, tokens => tokens.SequenceEqual([oddToken]));
        Assert.Equal(4, sends.Count);
    }

    [Fact]
    public async Task A_queued_push_is_not_sent_once_its_token_moved_to_another_account_or_was_signed_out()
    {
        await using var expo = await FakeProvider.StartAsync((request, _) => ExpoAnswer(request));
        await using var host = await NotificationsHost.StartAsync(fixture, Settings(expo), _ => { });
        var (previousOwner, nextOwner, signedOut, bystander) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (sharedDevice, signedOutDevice, bystanderDevice) = (NewToken("user"), NewToken("user"), NewToken("user"));
        var (moved, stale, marker) = (Push(previousOwner, "user", sharedDevice), Push(signedOut, "user", signedOutDevice), Push(bystander, "user", bystanderDevice));

        // Queued for the previous owner, but the device now belongs to the next account; the other device signed out.
        await QueueAsync(host, [Token(nextOwner, "user", sharedDevice), Token(signedOut, "user", signedOutDevice, active: false), Token(bystander, "user", bystanderDevice)], [moved, stale, marker]);
        var rows = (await SettledAsync(host, [moved, stale, marker], "the pushes settled")).ToDictionary(r => r.Id);

        Assert.Equal(PushStatus.Delivered, rows[marker.Id].Status);
        Assert.Equal(PushStatus.Failed, rows[moved.Id].Status);
        Assert.Equal(PushStatus.Failed, rows[stale.Id].Status);
        Assert.Contains("signed out or moved", rows[moved.Id].LastError, StringComparison.Ordinal);
        var sent = expo.Snapshot("/push/send").SelectMany(TokensOf).ToList();
        Assert.Equal([bystanderDevice], sent);
    }

    [Fact]
    public async Task The_attempt_is_committed_and_the_row_leased_before_expo_is_called()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var expo = await FakeProvider.StartAsync(async (request, n) =>
        {
            if (n == 1 && request.Path.EndsWith("/send", StringComparison.Ordinal))
            {
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30)); // hold the first call open
            }

            return ExpoAnswer(request);
        });
        await using var host = await NotificationsHost.StartAsync(fixture, Settings(expo, lease: "00:01:00"), _ => { });
        var userId = Guid.NewGuid();
        var token = NewToken("user");
        var push = Push(userId, "user", token);
        await QueueAsync(host, [Token(userId, "user", token)], [push]);

        await Poller.UntilAsync(() => Task.FromResult(expo.Snapshot("/push/send").Count), n => n == 1, TimeSpan.FromSeconds(30), "the held send");
        var during = await host.QueryAsync(db => db.PushDeliveries.AsNoTracking().SingleAsync(p => p.Id == push.Id));
        Assert.Equal(1, during.Attempts); // visible to everyone while Expo has not answered
        Assert.True(during.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(30), $"leased until {during.NextAttemptAt:O}");
        await host.Services.GetRequiredService<PushDispatcher>().RunOnceAsync(CancellationToken.None); // another pass: the lease holds
        Assert.Single(expo.Snapshot("/push/send"));

        release.SetResult();
        var done = Assert.Single(await SettledAsync(host, [push], "the push settled"));
        Assert.Equal(PushStatus.Delivered, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Single(expo.Snapshot("/push/send"));
    }

    [Fact]
    public async Task An_answer_that_breaks_every_pass_fails_the_push_after_the_maximum_attempts()
    {
        // A 200 whose ticket is not an object: reading it throws, so the pass never saves an outcome.
        await using var expo = await FakeProvider.StartAsync((_, _) => Results.Json(new { data = new[] { 42 } }));
        await using var host = await NotificationsHost.StartAsync(fixture, Settings(expo, lease: "00:00:00.300", maxAttempts: 3), _ => { });
        var userId = Guid.NewGuid();
        var token = NewToken("user");
        var push = Push(userId, "user", token);
        await QueueAsync(host, [Token(userId, "user", token)], [push]);

        var failed = Assert.Single(await SettledAsync(host, [push], "the poisoned push given up"));

        Assert.Equal(PushStatus.Failed, failed.Status);
        Assert.Equal(3, failed.Attempts);
        Assert.Contains("after 3 attempts", failed.LastError, StringComparison.Ordinal);
        Assert.Equal(3, expo.Snapshot("/push/send").Count);
    }
}
