using AdminCenter.Web.Infrastructure.Portal;

namespace AdminCenter.Web.Demo;

/// <summary>A user as payments need it; contract numbers and account digits are made when asked for.</summary>
internal readonly record struct DemoUser(long Id, int ContractCount, short AccountA, short AccountB)
{
    public long CustomerId => 700000 + Id;

    public int AccountCount => AccountB < 0 ? 1 : 2;

    public string Contract(int index) => $"{1000000 + Id:D7}-{index + 1:D3}";

    public string Account(int index) => (index == 0 ? AccountA : AccountB).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    public string AccountFor(long paymentId) => Account((int)(paymentId % AccountCount));
}

/// <summary>The demo's borrowers: Dana first (one payment of each kind), a long name third, the rest drawn from name lists.</summary>
internal sealed class DemoPopulation
{
    private readonly byte[] contracts;
    private readonly short[] accountA;
    private readonly short[] accountB;

    /// <summary>Every user in five bytes, so a set of millions of users stays small (seed's memory is flat).</summary>
    private DemoPopulation(int capacity)
    {
        contracts = new byte[capacity];
        accountA = new short[capacity];
        accountB = new short[capacity];
    }

    public int Count { get; private set; }

    public DemoUser this[int index] => new(index + 1, contracts[index], accountA[index], accountB[index]);

    public static DemoPopulation Generate(DemoDataSpec spec, Random random, IDemoDataSink sink)
    {
        var users = new DemoPopulation(spec.Users);
        for (var i = 0; i < spec.Users; i++)
        {
            var id = i + 1;
            string first, last, email;
            if (i == 0)
            {
                (first, last, email) = ("Dana", "Whitfield", DemoDataGenerator.DemoUserEmail);
            }
            else if (i == 2)
            {
                (first, last, email) = ("Maximiliana-Josephine Alexandra", "Featherstonehaugh-Worthington de la Cruz", DemoDataGenerator.LongNameUserEmail);
            }
            else
            {
                first = DemoNames.First[random.Next(DemoNames.First.Length)];
                last = DemoNames.Last[random.Next(DemoNames.Last.Length)];
                email = $"{first}.{last}{id}@{DemoNames.Domains[random.Next(DemoNames.Domains.Length)]}".ToLowerInvariant().Replace("'", "", StringComparison.Ordinal);
            }

            var userName = i == 0 ? "dwhitfield" : $"{first[0]}{last}{id}".ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
            var contractCount = 1 + random.Next(3);
            var accountCount = 1 + random.Next(2);
            var firstAccount = (short)random.Next(10000);
            var secondAccount = accountCount == 2 ? (short)random.Next(10000) : (short)-1;
            var created = spec.Now.AddDays(-random.Next(150, 1500)).AddMinutes(-random.Next(1440));
            sink.AddUser(new PortalUserEntity
            {
                Id = id,
                UserName = userName,
                Email = email,
                FirstName = first,
                LastName = last,
                AspireCustomerId = 700000 + id,
                CreatedAt = created.UtcDateTime,
                LastSignInAt = spec.Now.AddMinutes(-random.Next(10, 60 * 24 * 30)).UtcDateTime,
                IsActive = random.Next(50) != 0,
            });
            users.Add(contractCount, firstAccount, secondAccount);
        }

        return users;
    }

    private void Add(int contractCount, short first, short second)
    {
        (contracts[Count], accountA[Count], accountB[Count]) = ((byte)contractCount, first, second);
        Count++;
    }
}
