using System.Security.Cryptography;
using AdminCenter.Web.Infrastructure.Stores;
using AdminCenter.Web.Options;
using Microsoft.Extensions.Options;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// The secrets that must not live in the AdminCenter store: the key that encrypts the Data Protection key ring at
/// rest, the audit chain's HMAC key and the file its head is checkpointed to. Each comes from configuration when given;
/// otherwise it is made once in the secrets folder (0700, files 0600), where instances sharing that folder share it.
/// </summary>
public sealed class LocalSecrets(IOptions<SecurityOptions> options, StoreConnections stores, string contentRoot)
{
    private readonly Lock gate = new();
    private byte[]? auditKey;
    private byte[]? keyRingKey;

    public string Folder
    {
        get
        {
            var configured = options.Value.SecretsFolder;
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return Path.GetFullPath(configured, contentRoot);
            }

            return stores.SqlitePath(Store.AdminCenter) is { } store
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store, contentRoot))!, "secrets")
                : Path.Combine(contentRoot, "data", "secrets");
        }
    }

    public string CheckpointFile => options.Value.AuditCheckpointFile is { Length: > 0 } file
        ? Path.GetFullPath(file, contentRoot)
        : Path.Combine(Folder, "audit-checkpoints.log");

    /// <summary>The audit chain's HMAC key: AdminCenter:Security:AuditKey, or audit.key in the secrets folder (made once).</summary>
    public byte[] AuditKey()
    {
        lock (gate)
        {
            return auditKey ??= Key(options.Value.AuditKey, "audit.key");
        }
    }

    /// <summary>The key that encrypts the Data Protection key ring at rest: AdminCenter:Security:KeyRingKey, or keyring.key in the secrets folder (made once).</summary>
    public byte[] KeyRingKey()
    {
        lock (gate)
        {
            return keyRingKey ??= Key(options.Value.KeyRingKey, "keyring.key");
        }
    }

    private byte[] Key(string? configured, string file) => configured is { Length: > 0 }
        ? Convert.FromBase64String(configured)
        : Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(
            ReadOrCreate(file, () => System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"))).Trim());

    private byte[] ReadOrCreate(string name, Func<byte[]> make)
    {
        var folder = Folder;
        StoreFiles.CreateOwnerOnlyFolder(folder);
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            var fresh = make();
            var temporary = Path.Combine(folder, $".{name}.{Guid.NewGuid():N}");
            var write = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                write.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, write))
            {
                stream.Write(fresh);
            }

            try
            {
                // No overwrite: when two instances make one at once, the first one in is the one both use.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return File.ReadAllBytes(path);
    }
}
