namespace BuildXpert.Testing;

/// <summary>How tests start the AppHost: Local servers in a fresh temporary folder, fsync off, random ports.</summary>
public static class TestAppHost
{
    public static string NewDataDirectory() => Directory.CreateTempSubdirectory("buildxpert-test-").FullName;

    public static string[] Arguments(string dataDirectory) =>
    [
        "--Infrastructure:Mode=Local",
        $"--LocalInfra:DataDir={dataDirectory}",
        "--LocalInfra:FastUnsafeStorage=true",
        "--Endpoints:Direct=false",
        "--Paytm:UseSandbox=true",
        "--Payments:ReconciliationInterval=00:00:02",
        "--Payments:FirstCheckAfter=00:00:02",
    ];

    public static void DeleteDataDirectory(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still be flushing; the folder is under the system temp directory either way.
        }
    }
}
