using Approval.Core.Users;

namespace Approval.Core.Demo;

/// <summary>
/// An organization of the demo county (演示县) with its roster: kinds and sectors are those of
/// <see cref="Orgs.OrgVocabulary"/>; <c>Slug</c> names its secretary's login (<c>sec-{Slug}</c>).
/// </summary>
public sealed record DemoOrg(string Name, string Kind, string? Sector, string Slug, string Secretary, IReadOnlyList<DemoMember> Members, IReadOnlyList<DemoOrg> Children)
{
    public IEnumerable<DemoOrg> SelfAndDescendants() => Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);
}

/// <summary>A party member of the demo roster; the join date is kept as days before the seeding day.</summary>
public sealed record DemoMember(string Name, string Category, bool Probationary, int JoinedDaysAgo);

/// <summary>
/// A demo user: every one signs in with <see cref="DemoCounty.Password"/> and calls the API with <see cref="Token"/>;
/// the administrator keeps the token printed when it was created (null here).
/// </summary>
public sealed record DemoLogin(string Login, string DisplayName, string Role, string? OrgName)
{
    public string Password => DemoCounty.Password;
    public string? Token => Role == Roles.Administrator ? null : $"demo-{Login}";
}

/// <summary>
/// The demo county: a county committee (县委), three township committees (乡镇党委) and 33 branches across the four
/// sectors of DOMAIN.md §2 (some organ and non-public branches directly under the county, as 县直单位 are), about
/// 300 members with generated names, and a user for every role. Pure data: the same on every start.
/// </summary>
public static class DemoCounty
{
    public const string Password = "demo1234";
    private const int Seed = 20260101;

    private static readonly (string Name, string Slug, (string Name, string Sector, string Slug)[] Branches)[] Townships =
    [
        ("城关镇党委", "chengguan",
        [
            ("城关镇东街社区党支部", "community", "dongjie"), ("城关镇西街社区党支部", "community", "xijie"),
            ("城关镇南关社区党支部", "community", "nanguan"), ("城关镇北关社区党支部", "community", "beiguan"),
            ("东关村党支部", "rural", "dongguan"), ("西关村党支部", "rural", "xiguan"), ("红星村党支部", "rural", "hongxing"),
            ("城关镇中心小学党支部", "organ", "cgxiaoxue"), ("城关镇卫生院党支部", "organ", "cgweisheng"),
            ("宏达建材有限公司党支部", "non-public", "hongda"), ("顺通物流有限公司党支部", "non-public", "shuntong"),
        ]),
        ("柳林镇党委", "liulin",
        [
            ("柳林村党支部", "rural", "liulincun"), ("张庄村党支部", "rural", "zhangzhuang"), ("李家湾村党支部", "rural", "lijiawan"),
            ("王家岭村党支部", "rural", "wangjialing"), ("河口村党支部", "rural", "hekou"), ("柳林镇柳园社区党支部", "community", "liuyuan"),
            ("柳林镇机关党支部", "organ", "lljiguan"), ("柳林镇中学党支部", "organ", "llzhongxue"),
            ("绿源果业有限公司党支部", "non-public", "lvyuan"),
        ]),
        ("石桥乡党委", "shiqiao",
        [
            ("石桥村党支部", "rural", "shiqiaocun"), ("杨树沟村党支部", "rural", "yangshugou"), ("马家庄村党支部", "rural", "majiazhuang"),
            ("石桥乡新华社区党支部", "community", "xinhua"), ("石桥乡机关党支部", "organ", "sqjiguan"),
            ("石桥乡中心小学党支部", "organ", "sqxiaoxue"), ("金石矿业有限公司党支部", "non-public", "jinshi"),
        ]),
    ];

    private static readonly (string Name, string Sector, string Slug)[] CountyBranches =
    [
        ("县委办公室党支部", "organ", "xianweiban"), ("县教育局机关党支部", "organ", "jiaoyuju"),
        ("县人民医院党支部", "organ", "renminyiyuan"), ("县第一高级中学党支部", "organ", "yizhong"),
        ("县电子商务协会党支部", "non-public", "dianshang"), ("华润农业科技有限公司党支部", "non-public", "huarun"),
    ];

    public const string CountyName = "青山县委";

    /// <summary>The tree, county first; built once, from a fixed seed.</summary>
    public static DemoOrg Tree { get; } = Build();

    /// <summary>Every demo user, the administrator first. <c>admin</c> exists already; the seeder gives it the password.</summary>
    public static IReadOnlyList<DemoLogin> Logins { get; } = BuildLogins();

    private static DemoOrg Build()
    {
        var names = new DemoNames(Seed);
        var towns = Townships.Select(t => Committee(names, t.Name, t.Slug, t.Branches.Select(b => Branch(names, b)).ToList())).ToList();
        return Committee(names, CountyName, "county", [.. towns, .. CountyBranches.Select(b => Branch(names, b))]);
    }

    private static DemoOrg Committee(DemoNames names, string name, string slug, IReadOnlyList<DemoOrg> children) =>
        new(name, "committee", null, slug, names.Next(), [], children);

    /// <summary>A branch's size and make-up by sector: villages are larger and have more members without a post or away working.</summary>
    private static DemoOrg Branch(DemoNames names, (string Name, string Sector, string Slug) branch)
    {
        var random = names.Random;
        var (min, max) = branch.Sector switch { "rural" => (10, 16), "community" => (8, 13), "organ" => (7, 12), _ => (5, 9) };
        var members = Enumerable.Range(0, random.Next(min, max)).Select(_ =>
        {
            var roll = random.Next(100);
            var category = branch.Sector == "rural"
                ? roll < 50 ? "employed" : roll < 85 ? "unemployed" : "floating"
                : roll < 90 ? "employed" : roll < 95 ? "floating" : "unemployed";
            // 预备党员 joined within the last year; full members up to 45 years ago.
            var probationary = random.Next(100) < 6;
            return new DemoMember(names.Next(), category, probationary, probationary ? random.Next(30, 360) : random.Next(400, 45 * 365));
        }).ToList();
        // The secretary is the branch's first member.
        return new DemoOrg(branch.Name, "branch", branch.Sector, branch.Slug, members[0].Name, members, []);
    }

    private static List<DemoLogin> BuildLogins()
    {
        var county = Tree;
        var towns = county.Children.Where(c => c.Kind == "committee").ToList();
        var dongjie = Find("dongjie");
        var dongguan = Find("dongguan");
        List<DemoLogin> logins =
        [
            new("admin", "系统管理员", Roles.Administrator, null),
            new("county", "县委组织部", Roles.OrgDepartment, county.Name),
            .. towns.Select((t, i) => new DemoLogin($"town{i + 1}", $"{t.Name}组织委员", Roles.OrgDepartment, t.Name)),
            new("discipline", "县纪委监委", Roles.Discipline, county.Name),
            new("committee1", $"{dongjie.Members[1].Name}(评审委员)", Roles.Committee, dongjie.Name),
            new("committee2", $"{dongguan.Members[1].Name}(评审委员)", Roles.Committee, dongguan.Name),
            .. county.SelfAndDescendants().Skip(1).Select(o => new DemoLogin($"sec-{o.Slug}", $"{o.Secretary}({o.Name}书记)", Roles.Secretary, o.Name)),
        ];
        return logins;
    }

    public static DemoOrg Find(string slug) => Tree.SelfAndDescendants().Single(o => o.Slug == slug);
}
