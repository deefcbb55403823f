using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace AdminCenter.Web.Features.Security;

/// <summary>
/// Encrypts each Data Protection key before it is written to the AdminCenter store (AES-256-GCM under the key ring key,
/// which is never in the store): the store's contents alone cannot sign or read a cookie.
/// </summary>
public sealed class KeyRingEncryptor(LocalSecrets secrets) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var plain = System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var sealedText = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using (var aes = new AesGcm(secrets.KeyRingKey(), tag.Length))
        {
            aes.Encrypt(nonce, plain, sealedText, tag);
        }

        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement("encryptedKey",
            new XComment(" Encrypted with AdminCenter's key ring key (AdminCenter:Security:KeyRingKey, or keyring.key in the secrets folder). "),
            new XElement("nonce", Convert.ToBase64String(nonce)),
            new XElement("tag", Convert.ToBase64String(tag)),
            new XElement("value", Convert.ToBase64String(sealedText)));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}

/// <summary>Reads back what <see cref="KeyRingEncryptor"/> wrote; made by Data Protection from the service provider.</summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var nonce = Convert.FromBase64String((string)encryptedElement.Element("nonce")!);
        var tag = Convert.FromBase64String((string)encryptedElement.Element("tag")!);
        var sealedText = Convert.FromBase64String((string)encryptedElement.Element("value")!);
        var plain = new byte[sealedText.Length];
        using (var aes = new AesGcm(services.GetRequiredService<LocalSecrets>().KeyRingKey(), tag.Length))
        {
            aes.Decrypt(nonce, sealedText, tag, plain);
        }

        try
        {
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
