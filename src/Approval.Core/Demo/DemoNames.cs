namespace Approval.Core.Demo;

/// <summary>
/// Chinese personal names for the demo roster (演示名册), drawn from a seeded <see cref="Random"/> so that every demo
/// database holds the same people. Common surnames come first and are drawn more often, as in a real county.
/// </summary>
public sealed class DemoNames(int seed)
{
    private const string Surnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤";

    private const string GivenCharacters =
        "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红文志海玉春林丹萍鹏辉东斌宇浩凯健俊旭宁龙波亮飞庆云峰雪梅琳晓燕成德福生永民金保振家荣卫兵新利清立胜学光江山河书兴旺秋月凤琴慧瑞嘉欣怡晨阳";

    private readonly Random _random = new(seed);
    private readonly HashSet<string> _used = [];

    /// <summary>The random source of this roster, for the other demo choices that must stay reproducible.</summary>
    public Random Random => _random;

    /// <summary>A name not handed out before by this instance: a surname and one or two given characters.</summary>
    public string Next()
    {
        while (true)
        {
            // Squaring a uniform draw favours the front of the list, where the common surnames are.
            var surname = Surnames[(int)(Math.Pow(_random.NextDouble(), 2) * Surnames.Length)];
            var given = _random.Next(10) < 7 ? $"{Given()}{Given()}" : $"{Given()}";
            var name = $"{surname}{given}";
            if (_used.Add(name)) return name;
        }
    }

    private char Given() => GivenCharacters[_random.Next(GivenCharacters.Length)];
}
