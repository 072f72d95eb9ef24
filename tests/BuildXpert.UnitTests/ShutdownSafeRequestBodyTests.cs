using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BuildXpert.UnitTests;

/// <summary>Kestrel's shutdown wake-up (a canceled pending read) must not fail a JSON body that is still arriving.</summary>
public sealed class ShutdownSafeRequestBodyTests
{
    private sealed record Login(string Phone, string Password);

    [Fact]
    public async Task A_wake_up_while_the_body_is_half_sent_still_reads_the_whole_body()
    {
        var connection = new Pipe();
        var body = Encoding.UTF8.GetBytes("""{"phone":"9876543210","password":"secret1"}""");
        await connection.Writer.WriteAsync(body.AsMemory(0, body.Length / 2));

        var reading = JsonSerializer.DeserializeAsync<Login>(new ShutdownSafeRequestBody.IgnoringWakeUps(connection.Reader), JsonSerializerOptions.Web).AsTask();
        connection.Reader.CancelPendingRead(); // what Kestrel does on SIGTERM (a pending read, or else the next one, is canceled)
        await connection.Writer.WriteAsync(body.AsMemory(body.Length / 2));
        await connection.Writer.CompleteAsync();

        var login = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(new Login("9876543210", "secret1"), login);
    }

    [Fact]
    public async Task Without_it_the_same_wake_up_fails_the_read()
    {
        var connection = new Pipe();
        var body = Encoding.UTF8.GetBytes("""{"phone":"9876543210","password":"secret1"}""");
        await connection.Writer.WriteAsync(body.AsMemory(0, body.Length / 2));

        var reading = JsonSerializer.DeserializeAsync<Login>(connection.Reader, JsonSerializerOptions.Web).AsTask();
        connection.Reader.CancelPendingRead();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_body_buffered_later_for_an_idempotency_check_is_read_from_the_buffer_and_can_be_read_again()
    {
        var json = """{"phone":"9876543210","password":"secret1"}""";
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentLength = Encoding.UTF8.GetByteCount(json);
        context.Request.ContentType = "application/json";
        context.Request.Body = new OneWay(Encoding.UTF8.GetBytes(json)); // a network body: not seekable
        (Login? Bound, string Again) seen = default;

        var app = new ApplicationBuilder(new ServiceCollection().BuildServiceProvider());
        app.UseShutdownSafeRequestBody();
        app.Use(async (http, next) =>
        {
            http.Request.EnableBuffering(); // what the Idempotency-Key filter and the gateway's rate-limit keys do
            await next(http);
        });
        app.Run(async http =>
        {
            var bound = await http.Request.ReadFromJsonAsync<Login>(JsonSerializerOptions.Web); // minimal APIs read BodyReader
            http.Request.Body.Position = 0;
            seen = (bound, await new StreamReader(http.Request.Body).ReadToEndAsync());
        });
        await app.Build()(context);

        Assert.Equal(new Login("9876543210", "secret1"), seen.Bound);
        Assert.Equal(json, seen.Again);
    }

    private sealed class OneWay(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }

    [Fact]
    public async Task A_canceled_token_still_cancels_the_read()
    {
        var connection = new Pipe();
        using var cancel = new CancellationTokenSource();
        var reading = new ShutdownSafeRequestBody.IgnoringWakeUps(connection.Reader).ReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
