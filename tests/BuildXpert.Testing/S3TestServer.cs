using System.Diagnostics;
using System.Net;

namespace BuildXpert.Testing;

/// <summary>
/// s3rver (npm, installed by <c>scripts/prerequisites.sh</c> into <c>tools/s3-server</c>): a local server that speaks
/// the S3 protocol (SigV4 signatures, path-style buckets, list, multi-object delete), on a free port with its own
/// temporary folder, and the bucket <see cref="Bucket"/>. Credentials are s3rver's fixed <c>S3RVER</c> / <c>S3RVER</c>.
/// </summary>
public sealed class S3TestServer : IAsyncDisposable
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    public const string Bucket = "buildxpert-uploads";

    private readonly Process _process;
    private readonly string _directory;

    private S3TestServer(Process process, string directory, string serviceUrl)
    {
        _process = process;
        _directory = directory;
        ServiceUrl = serviceUrl;
    }

    public string ServiceUrl { get; }

    /// <summary>Settings that point the uploads at this server (<c>Uploads:Storage=S3</c>).</summary>
    public IDictionary<string, string?> UploadSettings => new Dictionary<string, string?>
    {
        ["Uploads:Storage"] = "S3",
        ["Uploads:S3:ServiceUrl"] = ServiceUrl,
        ["Uploads:S3:Bucket"] = Bucket,
        ["Uploads:S3:AccessKey"] = AccessKey,
        ["Uploads:S3:SecretKey"] = SecretKey,
    };

    public static async Task<S3TestServer> StartAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "tools", "s3-server", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"s3rver is not installed ({script}); run: npm ci --prefix tools/s3-server (test.sh does)");
        }

        var directory = Directory.CreateTempSubdirectory("buildxpert-s3-").FullName;
        var port = BuildXpert.AppHost.LocalInfrastructure.LocalServerBuilder.FreePort();
        var process = Process.Start(new ProcessStartInfo("node", [script, "--directory", directory, "--address", "127.0.0.1", "--port", port.ToString(), "--configure-bucket", Bucket, "--silent"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("node did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new S3TestServer(process, directory, $"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poller.UntilAsync(async () =>
        {
            try
            {
                return (await http.GetAsync($"{server.ServiceUrl}/{Bucket}")).StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status is HttpStatusCode.OK || process.HasExited, TimeSpan.FromSeconds(30), "s3rver to answer");
        return process.HasExited ? throw new InvalidOperationException($"s3rver exited with {process.ExitCode}") : server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BuildXpert.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BuildXpert.sln not found above " + AppContext.BaseDirectory);
    }
}
