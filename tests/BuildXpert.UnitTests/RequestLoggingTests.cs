using System.Collections.Concurrent;
using BuildXpert.ServiceDefaults;
using BuildXpert.ServiceDefaults.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace BuildXpert.UnitTests;

/// <summary>The request log states the status the client got, not the exception the error handler turned into it.</summary>
public sealed class RequestLoggingTests
{
    [Fact]
    public async Task A_request_rejected_by_a_thrown_error_is_logged_with_the_status_the_client_got()
    {
        var captured = new Capture();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSerilog(logger => logger.MinimumLevel.Debug().WriteTo.Sink(captured)); // also the static logger, which the request-logging middleware writes to
        builder.Services.AddEnvelopeErrors();
        await using var app = builder.Build();
        app.UseServiceDefaults(authentication: false);
        app.MapGet("/missing", string () => throw new NotFoundException("Booking"));
        app.MapGet("/broken", string () => throw new InvalidOperationException("a bug"));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

        Assert.Equal(404, (int)(await http.GetAsync("/missing")).StatusCode);
        Assert.Equal(500, (int)(await http.GetAsync("/broken")).StatusCode);

        var missing = await captured.RequestLogAsync("/missing");
        Assert.Equal("404", missing.Properties["StatusCode"].ToString());
        Assert.Equal(LogEventLevel.Information, missing.Level);
        Assert.Null(missing.Exception);
        var broken = await captured.RequestLogAsync("/broken");
        Assert.Equal("500", broken.Properties["StatusCode"].ToString());
        Assert.Equal(LogEventLevel.Error, broken.Level);
        Assert.Contains(captured.Events, e => e.Exception is InvalidOperationException { Message: "a bug" }); // the error handler logs the bug
    }

    private sealed class Capture : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyCollection<LogEvent> Events => _events;

        public void Emit(LogEvent logEvent)
        {
            _events.Enqueue(logEvent);
            _arrived.Release();
        }

        /// <summary>The request-completion line is written after the response: wait for it (each event wakes the check).</summary>
        public async Task<LogEvent> RequestLogAsync(string path)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                var found = _events.FirstOrDefault(e => e.Properties.TryGetValue("RequestPath", out var p) && p.ToString() == $"\"{path}\""
                                                        && e.Properties.ContainsKey("StatusCode"));
                if (found is not null)
                {
                    return found;
                }

                try
                {
                    await _arrived.WaitAsync(deadline.Token);
                }
                catch (OperationCanceledException)
                {
                    throw new Xunit.Sdk.XunitException($"no request log line for {path}");
                }
            }
        }
    }
}
