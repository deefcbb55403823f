using System.Globalization;

/// <summary>
/// Loaded into an app started by <see cref="AdminCenter.Tests.Support.ChildApp"/> (DOTNET_STARTUP_HOOKS), never into the
/// test run: on request (a file in ADMINCENTER_TEST_HEAP_FOLDER) it writes that process's managed heap once it has
/// stopped moving, so a memory test reads the app's heap alone, not a test process shared with every other test.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1050", Justification = "The runtime looks for StartupHook in the global namespace.")]
internal static class StartupHook
{
    public const string FolderVariable = "ADMINCENTER_TEST_HEAP_FOLDER";
    public const string Request = "heap.request";
    public const string Answer = "heap.txt";

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is not { Length: > 0 } folder)
        {
            return;
        }

        new Thread(() => Serve(folder)) { IsBackground = true, Name = "test heap probe" }.Start();
    }

    private static void Serve(string folder)
    {
        var request = Path.Combine(folder, Request);
        while (true)
        {
            if (File.Exists(request))
            {
                File.Delete(request);
                var partial = Path.Combine(folder, Answer + ".partial");
                File.WriteAllText(partial, SettledHeap().ToString(CultureInfo.InvariantCulture));
                File.Move(partial, Path.Combine(folder, Answer), overwrite: true);
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>The heap once two readings half a second apart differ by less than 128 KB (pools trim, timers fire).</summary>
    private static long SettledHeap()
    {
        var last = Heap();
        for (var i = 0; i < 30; i++)
        {
            Thread.Sleep(500);
            var now = Heap();
            if (Math.Abs(now - last) < 128 * 1024)
            {
                return now;
            }

            last = now;
        }

        return last;
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
