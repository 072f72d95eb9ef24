using BuildXpert.Notifications.Data;
using BuildXpert.Notifications.Jobs;
using BuildXpert.Notifications.Push;
using BuildXpert.Notifications.Sms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildXpert.IntegrationTests.Notifications;

[Collection(ServersCollection.Name)]
public class RetentionTests(ServersFixture fixture)
{
    [Fact]
    public async Task Old_notifications_sms_push_history_and_idle_tokens_are_deleted_and_recent_ones_kept()
    {
        await using var host = await NotificationsHost.StartAsync(fixture, new Dictionary<string, string?>(), _ => { });
        var now = DateTimeOffset.UtcNow;
        var (old, recent, user) = (now.AddDays(-91), now.AddDays(-1), Guid.NewGuid());
        await host.ExecuteAsync(db =>
        {
            foreach (var (at, title) in new[] { (old, "old"), (recent, "recent") })
            {
                db.Notifications.Add(new Notification { Id = Guid.NewGuid(), UserId = user, Title = title, Message = "m", CreatedAt = at });
                db.SmsMessages.Add(new SmsMessage { Phone = "9876543210", Message = title, Status = SmsStatus.Sent, CreatedAt = at, NextAttemptAt = at });
                db.PushDeliveries.Add(new PushDelivery { Id = Guid.NewGuid(), UserId = user, Token = "t", Category = PushCategories.Account, Title = title, Body = "b", Status = PushStatus.Delivered, CreatedAt = at, NextAttemptAt = at });
                db.PushTokens.Add(new PushToken { Id = Guid.NewGuid(), UserId = user, Role = "user", Token = $"ExponentPushToken[{title}-{Guid.NewGuid():N}]", IsActive = false, CreatedAt = at, LastSeenAt = at });
            }

            // Still waiting to be sent: kept whatever its age.
            db.SmsMessages.Add(new SmsMessage { Phone = "9876543210", Message = "pending", Status = SmsStatus.Pending, CreatedAt = old, NextAttemptAt = now.AddYears(1) });
            return Task.CompletedTask;
        });

        var retention = new NotificationRetention(host.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger<NotificationRetention>.Instance);
        var deleted = await retention.RunOnceAsync(CancellationToken.None);

        Assert.Equal(4, deleted);
        Assert.Equal(["recent"], await host.QueryAsync(db => db.Notifications.Where(n => n.UserId == user).Select(n => n.Title).ToListAsync()));
        Assert.Equal(["recent", "pending"], await host.QueryAsync(db => db.SmsMessages.OrderBy(m => m.Id).Select(m => m.Message).ToListAsync()));
        Assert.Equal(["recent"], await host.QueryAsync(db => db.PushDeliveries.Where(p => p.UserId == user).Select(p => p.Title).ToListAsync()));
        Assert.Single(await host.QueryAsync(db => db.PushTokens.Where(t => t.UserId == user).ToListAsync()));
    }
}
