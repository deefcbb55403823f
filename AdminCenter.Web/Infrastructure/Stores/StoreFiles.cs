namespace AdminCenter.Web.Infrastructure.Stores;

/// <summary>SQLite files the app makes are the owner's alone: folder 0700 when the app makes it, files 0600.</summary>
public static class StoreFiles
{
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Makes the folder (0700) and an empty file (0600) when they are missing; an existing file is left as it is.</summary>
    public static void CreateOwnerOnly(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        CreateOwnerOnlyFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (File.Exists(path))
        {
            return;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerFile;
        }

        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance made it first.
        }
    }

    public static void CreateOwnerOnlyFolder(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (OperatingSystem.IsWindows() || Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, OwnerFolder);
    }

    /// <summary>Makes a database file the app just created, and its journal files, 0600.</summary>
    public static void RestrictToOwner(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, OwnerFile);
        }
    }
}
