using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using BuildXpert.Contracts;
using BuildXpert.Testing;
using Npgsql;

namespace BuildXpert.EndToEndTests;

/// <summary>The checkout page asks Paytm for the order's txnToken once, with no database transaction open meanwhile.</summary>
public partial class PaymentsTests
{
    [Fact]
    public async Task Two_openers_of_the_checkout_page_while_Paytm_is_slow_get_one_txnToken_and_no_transaction_waits_on_Paytm()
    {
        var (orderId, paytmUrl) = await InitiatedOrderAsync();
        using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
        await using var database = new NpgsqlConnection(await system.App.GetConnectionStringAsync(ResourceNames.PaymentsDb));
        await database.OpenAsync();
        var waitingTransactions = 0;
        string[] pages;
        TimeSpan took;
        try
        {
            Assert.True((await sandbox.PutAsJsonAsync("/sandbox/faults", new { initiate = "slow", slowMs = 3000 })).IsSuccessStatusCode);
            using var browser = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var started = Stopwatch.StartNew();
            var opening = Task.WhenAll(browser.GetStringAsync(paytmUrl), browser.GetStringAsync(paytmUrl));
            // While Paytm takes its 3 s, sample pg_stat_activity: no Payments connection may sit in a checkout's
            // transaction (the checkout used to hold one, with the order's advisory lock the second opener waited on).
            await Poller.UntilAsync(async () =>
            {
                waitingTransactions = Math.Max(waitingTransactions, await CheckoutTransactionsOlderThanASecondAsync(database));
                return opening.IsCompleted;
            }, answered => answered, TimeSpan.FromSeconds(60), "both checkout pages answered", TimeSpan.FromMilliseconds(20));
            pages = await opening;
            took = started.Elapsed;
        }
        finally
        {
            await sandbox.DeleteAsync("/sandbox/faults");
        }

        Assert.True(took >= TimeSpan.FromSeconds(3), $"the pages answered in {took}: the slow initiate did not happen while they were open");
        Assert.Equal(0, waitingTransactions);
        // One Initiate Transaction (the sandbox, like Paytm, refuses a second one for the order): both pages carry its token.
        Assert.Equal(1, await InitiateCallsAsync(database, orderId));
        var tokens = pages.Select(page => Form(page).Fields["txnToken"]).ToList();
        Assert.False(string.IsNullOrEmpty(tokens[0]));
        Assert.Equal(tokens[0], tokens[1]);
    }

    [Fact]
    public async Task A_checkout_page_opened_while_Paytm_refuses_the_initiate_is_503_and_the_next_open_asks_again()
    {
        var (_, paytmUrl) = await InitiatedOrderAsync();
        using var sandbox = system.App.CreateHttpClient(ResourceNames.PaytmSandbox, "http");
        using var browser = new HttpClient();
        try
        {
            Assert.True((await sandbox.PutAsJsonAsync("/sandbox/faults", new { initiate = "error500" })).IsSuccessStatusCode);
            var refused = await browser.GetAsync(paytmUrl);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("PAYMENT_GATEWAY_UNAVAILABLE", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await sandbox.DeleteAsync("/sandbox/faults");
        }

        // The failed call gave its claim back: this open asks Paytm at once instead of waiting for a token.
        var page = await browser.GetAsync(paytmUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(string.IsNullOrEmpty(Form(await page.Content.ReadAsStringAsync()).Fields["txnToken"]));
    }

    private static async Task<int> CheckoutTransactionsOlderThanASecondAsync(NpgsqlConnection database)
    {
        const string sql = """
            SELECT count(*)::int FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start < now() - interval '1 second'
              AND (query LIKE '%txn_token%' OR query LIKE '%pg_advisory_xact_lock%')
            """;
        await using var command = new NpgsqlCommand(sql, database);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> InitiateCallsAsync(NpgsqlConnection database, string orderId)
    {
        await using var command = new NpgsqlCommand("SELECT count(*)::int FROM paytm_api_calls WHERE order_id = @order AND api = 'initiate'", database)
        {
            Parameters = { new("order", orderId) },
        };
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
