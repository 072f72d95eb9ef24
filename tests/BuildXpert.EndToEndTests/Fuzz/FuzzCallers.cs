namespace BuildXpert.EndToEndTests.Fuzz;

public enum FuzzCaller
{
    Anonymous,
    Customer,
    Provider,
    Admin,
}

/// <summary>
/// Live tokens for each kind of caller. A token that got a 401 (the fuzzed call logged it out or deleted its account)
/// is replaced: by a new login, or by a new account when the old one is gone.
/// </summary>
public sealed class FuzzCallers(Accounts accounts)
{
    private const string AdminPhone = "9999999999";
    private const string AdminPassword = "Admin@12345";
    private readonly Dictionary<FuzzCaller, string?> _tokens = [];
    private readonly Dictionary<FuzzCaller, string> _phones = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>0 for most operations; then those that remove other accounts, end sessions, and delete the caller.</summary>
    public static int Order(ApiOperation operation)
        => operation.Path.Contains("delete-account", StringComparison.Ordinal) ? 3
            : operation.Path.Contains("logout", StringComparison.Ordinal) || (operation.Method == "DELETE" && operation.Path.Contains("/sessions", StringComparison.Ordinal)) ? 2
            : operation.Path.Contains("/admin/users", StringComparison.Ordinal) ? 1
            : 0;

    public async Task<string?> TokenAsync(FuzzCaller caller)
    {
        if (caller == FuzzCaller.Anonymous)
        {
            return null;
        }

        await _gate.WaitAsync();
        try
        {
            if (!_tokens.TryGetValue(caller, out var token))
            {
                token = _tokens[caller] = await AcquireAsync(caller);
            }

            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Expire(FuzzCaller caller, string token)
    {
        _gate.Wait();
        try
        {
            if (_tokens.TryGetValue(caller, out var current) && current == token)
            {
                _tokens.Remove(caller);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<string?> AcquireAsync(FuzzCaller caller)
    {
        if (caller == FuzzCaller.Admin)
        {
            var (status, body, _) = await accounts.PostAsync("/api/auth/login", new { phone = AdminPhone, password = AdminPassword, role = "admin" });
            return status == System.Net.HttpStatusCode.OK ? Accounts.Read(body).AccessToken : null; // admin deleted by a fuzzed call: go on without
        }

        var role = caller == FuzzCaller.Provider ? "provider" : "user";
        if (_phones.TryGetValue(caller, out var phone))
        {
            var (status, body, _) = await accounts.PostAsync("/api/auth/login", new { phone, password = Accounts.Password, role });
            if (status == System.Net.HttpStatusCode.OK)
            {
                return Accounts.Read(body).AccessToken;
            }
        }

        phone = _phones[caller] = Accounts.NewPhone();
        return (await accounts.SignUpAsync(phone, role)).AccessToken;
    }
}
