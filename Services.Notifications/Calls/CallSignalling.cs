using System.Text.Json;
using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.InApp;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.SignalR;

namespace BuildXpert.Notifications.Calls;

/// <summary>One <c>call:*</c> message from an app: the fields each event uses (the rest stay null).</summary>
public sealed record CallMessage(
    string? BookingId, string? CallerType = null, string? Reason = null, JsonElement? Offer = null, JsonElement? Answer = null,
    JsonElement? Candidate = null, string? To = null);

/// <summary>What a hub call answers (the Socket.IO ack the apps wait for).</summary>
public sealed record CallAck(string Status, string? Message = null, string? ErrorCode = null)
{
    public static readonly CallAck Success = new("success");

    public static CallAck Error(string code, string message) => new("error", message, code);
}

/// <summary>
/// WebRTC signalling for the booking parties, over the notifications hub (the original's Socket.IO events). The caller
/// is the token's account, never a client-sent id; only the call's two parties can accept, reject, relay or end it, and
/// relayed messages go only to the other party. State is in Redis (<see cref="CallRegistry"/>) and events travel the
/// SignalR Redis backplane, so the parties may be connected to different replicas. A call rings for
/// <see cref="RingTimeout"/>; a party's connection dropping ends it for the other.
/// </summary>
public sealed class CallSignalling(
    CallRegistry registry, IHubContext<NotificationHub> hub, IServiceScopeFactory scopes, TimeProvider clock, ILogger<CallSignalling> logger)
{
    public static readonly TimeSpan RingTimeout = TimeSpan.FromSeconds(30);
    private const int Attempts = 5;

    public async Task<CallAck> InitiateAsync(string connectionId, Guid userId, string role, CallMessage message)
    {
        if (!Guid.TryParse(message.BookingId, out var bookingId))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.InvalidPayload, "Invalid call initiation payload - bookingId required");
        }

        CallParties parties;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            parties = await CallPermissions.CheckAsync(scope.ServiceProvider.GetRequiredService<NotificationsDbContext>(), bookingId, userId, role,
                message.CallerType, CallPermissions.Today(clock), CancellationToken.None);
        }
        catch (CallPermissionException refused)
        {
            return await RefuseAsync(connectionId, message.BookingId, refused.ErrorCode, refused.Message);
        }

        var now = clock.GetUtcNow();
        var call = new ActiveCall(bookingId, userId, role, parties.CallerName, parties.ReceiverId, parties.ReceiverRole, parties.ReceiverName,
            parties.ServiceName, ActiveCall.Ringing, now.ToUnixTimeMilliseconds(), null, connectionId, null);
        if (!await registry.TryStartAsync(call, now + RingTimeout))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.Busy, "A call for this booking is already in progress");
        }

        await SendAsync(call.ReceiverId, call.ReceiverRole, "call:incoming", new
        {
            bookingId,
            callerId = userId,
            callerName = call.CallerName,
            receiverId = call.ReceiverId,
            receiverName = call.ReceiverName,
            serviceName = call.ServiceName,
        });
        return CallAck.Success;
    }

    public Task<CallAck> AcceptAsync(string connectionId, Guid userId, string role, CallMessage message)
        => ChangeAsync(connectionId, message, (call, now) => call.Status == ActiveCall.Ringing && call.ReceiverId == userId && call.ReceiverRole == role
            ? call with { Status = ActiveCall.Active, AcceptedAtMs = now, ReceiverConnection = connectionId }
            : null,
            call => SendAsync(call.CallerId, call.CallerRole, "call:accepted", new { bookingId = call.BookingId, receiverId = call.ReceiverId }));

    public async Task<CallAck> RejectAsync(string connectionId, Guid userId, string role, CallMessage message)
    {
        var reason = string.IsNullOrWhiteSpace(message.Reason) ? "declined" : message.Reason.Trim()[..Math.Min(message.Reason.Trim().Length, 100)];
        return await EndAsync(connectionId, message, call => call.Status == ActiveCall.Ringing && call.ReceiverId == userId && call.ReceiverRole == role,
            call => SendAsync(call.CallerId, call.CallerRole, "call:rejected", new { bookingId = call.BookingId, reason }));
    }

    public async Task<CallAck> HangUpAsync(string connectionId, Guid userId, string role, CallMessage message)
        => await EndAsync(connectionId, message, call => call.IsParty(userId, role), async call =>
        {
            var duration = call.AcceptedAtMs is { } accepted ? (int)((clock.GetUtcNow().ToUnixTimeMilliseconds() - accepted) / 1000) : 0;
            var ended = new { bookingId = call.BookingId, duration, endedBy = userId };
            await SendAsync(call.CallerId, call.CallerRole, "call:ended", ended);
            await SendAsync(call.ReceiverId, call.ReceiverRole, "call:ended", ended);
        });

    /// <summary><c>call:offer</c>, <c>call:answer</c>, <c>call:ice-candidate</c>: passed to the other party of a live call only.</summary>
    public async Task<CallAck> RelayAsync(string connectionId, Guid userId, string role, string eventName, string field, JsonElement? payload, CallMessage message)
    {
        if (!Guid.TryParse(message.BookingId, out var bookingId) || payload is not { ValueKind: JsonValueKind.Object or JsonValueKind.String })
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.InvalidPayload, $"Invalid {eventName} payload");
        }

        var call = await registry.GetAsync(bookingId);
        if (call is null || !call.IsParty(userId, role) || (message.To is { Length: > 0 } to && to != call.PeerOf(userId).UserId.ToString()))
        {
            return await RefuseAsync(connectionId, message.BookingId, CallErrors.NoSuchCall, "No call in progress for this booking");
        }

        var (peer, peerRole) = call.PeerOf(userId);
        await SendAsync(peer, peerRole, eventName, new Dictionary<string, object?> { ["bookingId"] = bookingId, [field] = payload, ["from"] = userId });
        return CallAck.Success;
    }

    /// <summary>A hub connection closed: the call it was in ends, and the other party hears why.</summary>
    public async Task DisconnectedAsync(string connectionId)
    {
        for (var attempt = 0; attempt < Attempts && await registry.CallOfConnectionAsync(connectionId) is { } bookingId; attempt++)
        {
            var call = await registry.GetAsync(bookingId);
            if (call is null || (call.CallerConnection != connectionId && call.ReceiverConnection != connectionId))
            {
                return;
            }

            if (await registry.TryEndAsync(call))
            {
                var leaver = call.CallerConnection == connectionId ? call.CallerId : call.ReceiverId;
                var (peer, peerRole) = call.PeerOf(leaver);
                await SendAsync(peer, peerRole, "call:ended", new { bookingId, reason = "disconnect", endedBy = leaver });
                return;
            }
        }
    }

    /// <summary>Calls nobody answered within the ring timeout: both parties are told (the original told only the caller).</summary>
    public async Task<int> EndUnansweredAsync()
    {
        var ended = 0;
        foreach (var bookingId in await registry.ClaimOverdueAsync(clock.GetUtcNow()))
        {
            if (await registry.GetAsync(bookingId) is { Status: ActiveCall.Ringing } call && await registry.TryEndAsync(call))
            {
                var timedOut = new { bookingId, duration = 0, endedBy = "timeout", reason = "Call timed out - no answer" };
                await SendAsync(call.CallerId, call.CallerRole, "call:ended", timedOut);
                await SendAsync(call.ReceiverId, call.ReceiverRole, "call:ended", timedOut);
                ended++;
            }
        }

        return ended;
    }

    private async Task<CallAck> ChangeAsync(string connectionId, CallMessage message, Func<ActiveCall, long, ActiveCall?> change, Func<ActiveCall, Task> then)
    {
        if (Guid.TryParse(message.BookingId, out var bookingId))
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var call = await registry.GetAsync(bookingId);
                if (call is null || change(call, clock.GetUtcNow().ToUnixTimeMilliseconds()) is not { } next)
                {
                    break;
                }

                if (await registry.TryUpdateAsync(call, next))
                {
                    await then(next);
                    return CallAck.Success;
                }
            }
        }

        return await RefuseAsync(connectionId, message.BookingId, CallErrors.NoSuchCall, "No call in progress for this booking");
    }

    private async Task<CallAck> EndAsync(string connectionId, CallMessage message, Func<ActiveCall, bool> allowed, Func<ActiveCall, Task> then)
    {
        if (Guid.TryParse(message.BookingId, out var bookingId))
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var call = await registry.GetAsync(bookingId);
                if (call is null || !allowed(call))
                {
                    break;
                }

                if (await registry.TryEndAsync(call))
                {
                    await then(call);
                    return CallAck.Success;
                }
            }
        }

        return await RefuseAsync(connectionId, message.BookingId, CallErrors.NoSuchCall, "No call in progress for this booking");
    }

    private async Task<CallAck> RefuseAsync(string connectionId, string? bookingId, string code, string text)
    {
        await hub.Clients.Client(connectionId).SendAsync("call:error", new { bookingId, message = text, errorCode = code });
        return CallAck.Error(code, text);
    }

    private async Task SendAsync(Guid userId, string role, string eventName, object payload)
    {
        try
        {
            await hub.Clients.Group(NotificationHub.GroupOf(userId, role)).SendAsync(eventName, payload);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not send {Event} to {UserId}", eventName, userId);
        }
    }
}

/// <summary>Ends unanswered calls once their ring timeout passes (every second; each call on one replica only).</summary>
public sealed class CallRingTimeouts(CallSignalling signalling, TimeProvider clock, ILogger<CallRingTimeouts> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await signalling.EndUnansweredAsync();
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                logger.LogWarning("Ring timeouts skipped this second: Redis is unavailable ({Error})", ex.GetType().Name);
            }
        }
    }
}
