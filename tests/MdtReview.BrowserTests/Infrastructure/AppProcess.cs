using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MdtReview.BrowserTests.Infrastructure;

/// <summary>
/// The app as a separate operating-system process (<c>dotnet MdtReview.Web.dll</c> from the build output), in Development
/// on its own SQLite file and port, for tests that kill the server and start it again. Always dispose it: disposing kills
/// the process tree and deletes the database.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    // A guard against a hung process, not a wait: the loop returns as soon as the app answers and fails at once if it exits.
    // A first start migrates and seeds the whole demo cohort through the audited path; with the other test projects running
    // beside it on 2 cores that took over 3 minutes in 2 of 5 rounds run beside heavy builds, so the guard is generous.
    private static readonly TimeSpan _startTimeout = TimeSpan.FromMinutes(10);

    private readonly string _databasePath = Path.Combine(Path.GetTempPath(), $"mdtreview-process-{Guid.NewGuid():N}.db");
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AppProcess(int port)
    {
        Port = port;
    }

    public int Port { get; }

    /// <summary>On <c>localhost</c>, as the browser fixture's origin is (WebAuthn needs a domain).</summary>
    public string BaseUrl => $"http://localhost:{Port}";

    /// <summary>What the process wrote, for the message of a failed test.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the app on a free port with a new demo database and waits until it answers.</summary>
    public static async Task<AppProcess> StartAsync(CancellationToken cancellationToken)
    {
        var app = new AppProcess(FreePort());
        try
        {
            await app.StartAgainAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process (again, after <see cref="Kill"/>) on the same port and database; returns once it answers.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The app is still running.");
        }

        _process?.Dispose();
        var dll = WebDllPath();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://localhost:{Port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["ConnectionStrings__MdtReview"] = $"Data Source={_databasePath}";
        start.Environment["Seed__Demo"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        // Both pipes are drained continuously: a full pipe would block the app.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + _startTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with code {process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync($"{BaseUrl}/Account/Login", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Migrating and seeding on a loaded machine: ask again.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"The app did not answer within {_startTimeout}:\n{Output}");
    }

    /// <summary>Kills the process and its children at once, as a crash or a pulled plug would: no graceful shutdown.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(30_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        finally
        {
            _process?.Dispose();
            _process = null;
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_databasePath + suffix);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The web project's own build output (same configuration as this test assembly), with its runtime config.</summary>
    private static string WebDllPath()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MdtReview.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No MdtReview.sln above {AppContext.BaseDirectory}.");
        }

        var dll = Path.Combine(root.FullName, "src", "MdtReview.Web", "bin", configuration, framework, "MdtReview.Web.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"Build the web project first: {dll} does not exist.");
    }
}
