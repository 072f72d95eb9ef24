using System.Net;
using System.Net.Http.Json;
using BuildXpert.Contracts;
using BuildXpert.IntegrationTests.Bookings;
using BuildXpert.Persistence.Idempotency;
using Microsoft.EntityFrameworkCore;

namespace BuildXpert.IntegrationTests.BookingFlow;

/// <summary>The Idempotency-Key building block, exercised through <c>POST /api/bookings</c>.</summary>
[Collection(ServersCollection.Name)]
public sealed class BookingFlowIdempotencyTests(ServersFixture fixture)
{
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/bookings") { Content = JsonContent.Create(body) };
        request.Headers.Add(IdempotencyHeaders.Key, key);
        return client.SendAsync(request);
    }

    private static Task<int> BookingsOfAsync(BookingsHost host, Guid userId) => host.QueryAsync(db => db.Bookings.CountAsync(b => b.UserId == userId));

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_first_answer_and_books_nothing_new()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var body = BookingFlowFixtures.BookingBody(listing);

        var first = await PostAsync(customer, body, "key-1");
        var retry = await PostAsync(customer, body, "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyHeaders.Replayed));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues(IdempotencyHeaders.Replayed)));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(1, await BookingsOfAsync(host, customerId));
        Assert.Single(await host.OutboxAsync<BookingCreated>());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_another_caller_may_use_the_same_key()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var (otherId, other) = await host.AddPersonAsync(Roles.User);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(customer, BookingFlowFixtures.BookingBody(listing), "shared")).StatusCode);

        var changed = await PostAsync(customer, BookingFlowFixtures.BookingBody(listing, time: "11:00 AM"), "shared");

        Assert.Equal((HttpStatusCode)422, changed.StatusCode);
        Assert.Equal(IdempotencyMessages.DifferentRequest, (await changed.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(1, await BookingsOfAsync(host, customerId));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(other, BookingFlowFixtures.BookingBody(listing, time: "11:00 AM"), "shared")).StatusCode);
        Assert.Equal(1, await BookingsOfAsync(host, otherId));
    }

    [Fact]
    public async Task Twenty_parallel_requests_with_one_key_book_once_and_the_others_get_409_or_the_replay()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var body = BookingFlowFixtures.BookingBody(listing);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(customer, body, "parallel")));

        Assert.Equal(1, await BookingsOfAsync(host, customerId));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created && !r.Headers.Contains(IdempotencyHeaders.Replayed)));
        Assert.All(responses, r => Assert.True(
            r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.Conflict, $"unexpected {(int)r.StatusCode}"));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal(IdempotencyMessages.StillRunning, (await conflict.JsonAsync()).GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_refused_request_is_not_stored_so_the_same_key_works_once_the_cause_is_fixed()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        await host.QueryAsync(db => db.Registrations.Where(r => r.Id == listing.RegistrationId).ExecuteUpdateAsync(s => s.SetProperty(r => r.PaymentStatus, "pending")));
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var body = BookingFlowFixtures.BookingBody(listing);

        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(customer, body, "retry-me")).StatusCode);
        Assert.Equal(0, await host.QueryAsync(db => db.IdempotencyKeys.CountAsync()));
        await host.QueryAsync(db => db.Registrations.Where(r => r.Id == listing.RegistrationId).ExecuteUpdateAsync(s => s.SetProperty(r => r.PaymentStatus, "active")));

        var retry = await PostAsync(customer, body, "retry-me");
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.False(retry.Headers.Contains(IdempotencyHeaders.Replayed));
        Assert.Equal(1, await BookingsOfAsync(host, customerId));
    }

    [Fact]
    public async Task A_key_still_held_is_409_an_abandoned_one_is_taken_over_and_an_expired_one_starts_afresh()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);
        var body = BookingFlowFixtures.BookingBody(listing);
        var bytes = await JsonContent.Create(body).ReadAsByteArrayAsync();
        var hash = IdempotencyRequest.Fingerprint("/api/bookings", bytes);
        var scope = IdempotencyRequest.Scope("POST", "/api/bookings/", customerId.ToString());
        var now = host.Clock.GetUtcNow();
        await host.ExecuteAsync(db => db.IdempotencyKeys.Add(new IdempotencyRecord
        {
            Scope = scope,
            Key = "held",
            RequestHash = hash,
            LockedUntil = now.AddSeconds(20),
            CreatedAt = now,
            ExpiresAt = now.AddHours(24),
        }));

        var held = await PostAsync(customer, body, "held");
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        Assert.Equal(IdempotencyMessages.StillRunning, (await held.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(0, await BookingsOfAsync(host, customerId));

        host.Clock.Advance(TimeSpan.FromSeconds(31)); // the holder crashed: its claim lapsed
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(customer, body, "held")).StatusCode);
        Assert.True(await host.QueryAsync(db => db.IdempotencyKeys.AnyAsync(k => k.Key == "held" && k.Completed)));

        host.Clock.Advance(TimeSpan.FromHours(25)); // past retention: the key is new again, even for another body
        var later = await PostAsync(customer, BookingFlowFixtures.BookingBody(listing, BookingFlowFixtures.Today.AddDays(5)), "held");
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
        Assert.Equal(2, await BookingsOfAsync(host, customerId));
    }

    [Fact]
    public async Task The_same_key_and_body_on_another_booking_is_422_not_a_replay_of_the_first_bookings_answer()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (_, customer) = await host.AddPersonAsync(Roles.User);
        var first = await customer.BookAsync(listing);
        var second = await customer.BookAsync(listing, time: "11:00 AM");

        Task<HttpResponseMessage> CancelAsync(Guid id)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/bookings/{id}/cancel") { Content = JsonContent.Create(new { cancellationReason = "Change of plans" }) };
            request.Headers.Add(IdempotencyHeaders.Key, "cancel-key");
            return customer.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await CancelAsync(first)).StatusCode);
        var other = await CancelAsync(second);

        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.False(other.Headers.Contains(IdempotencyHeaders.Replayed));
        Assert.Equal("pending", (await host.BookingAsync(second)).Status);
    }

    [Fact]
    public async Task An_overlong_key_is_400_and_books_nothing()
    {
        await using var host = await BookingFlowFixtures.StartAsync(fixture);
        var listing = await host.AddListingAsync();
        var (customerId, customer) = await host.AddPersonAsync(Roles.User);

        var response = await PostAsync(customer, BookingFlowFixtures.BookingBody(listing), new string('k', 256));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(IdempotencyMessages.KeyTooLong, (await response.JsonAsync()).GetProperty("message").GetString());
        Assert.Equal(0, await BookingsOfAsync(host, customerId));
    }
}
