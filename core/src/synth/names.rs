//! Plausible Chinese names for synthetic units, organisations and persons.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "建", "国", "文", "红", "海", "云", "晨",
    "佳", "欣", "宇", "浩",
];
const PLACES: &[&str] = &[
    "滨江",
    "临平",
    "东湖",
    "西溪",
    "南苑",
    "北园",
    "长庆",
    "望江",
    "湖滨",
    "清波",
    "朝晖",
    "文晖",
    "潮鸣",
    "凯旋",
    "采荷",
    "闸弄口",
    "笕桥",
    "彭埠",
    "九堡",
    "四季青",
    "古荡",
    "翠苑",
    "蒋村",
    "留下",
    "转塘",
];
const COMPOUNDS: &[&str] = &[
    "幸福里",
    "阳光花园",
    "和平苑",
    "翠竹园",
    "金桂苑",
    "春晓嘉园",
    "锦绣华庭",
    "绿洲花园",
    "枫林苑",
    "新安里",
    "丹桂苑",
    "梧桐院",
    "香樟苑",
    "紫荆花园",
    "玉兰苑",
];
const ENTERPRISES: &[&str] = &[
    "数智科技",
    "恒信律所",
    "安和物业",
    "星河网络",
    "汇丰物流",
    "禾木设计",
    "云帆信息",
    "同心医药",
];

fn pick<'a>(rng: &mut ChaCha8Rng, list: &'a [&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

pub(crate) fn person(rng: &mut ChaCha8Rng) -> String {
    let mut s = pick(rng, SURNAMES).to_owned();
    s.push_str(pick(rng, GIVEN));
    if rng.random_bool(0.6) {
        s.push_str(pick(rng, GIVEN));
    }
    s
}

pub(crate) fn phone(rng: &mut ChaCha8Rng) -> String {
    format!(
        "1{}{:09}",
        rng.random_range(3..10u32),
        rng.random_range(0..1_000_000_000u32)
    )
}

/// County-level region codes (GB/T 2260) that synthetic ID numbers start with.
const REGIONS: &[&str] = &[
    "110105", "310104", "330106", "330108", "440305", "510107", "420111", "320102", "370202",
    "610113",
];

/// A resident ID number for someone born on `born`: a region from [`REGIONS`], the date, a
/// sequence number and the check character.
pub(crate) fn id_number(rng: &mut ChaCha8Rng, born: chrono::NaiveDate) -> Option<String> {
    let mut number = format!(
        "{}{}{:03}",
        pick(rng, REGIONS),
        born.format("%Y%m%d"),
        rng.random_range(1..1000u32)
    );
    number.push(crate::id_number_check_character(&number)?);
    Some(number)
}

pub(crate) fn place(index: usize) -> String {
    let base = PLACES[index % PLACES.len()];
    match index / PLACES.len() {
        0 => base.to_owned(),
        n => format!("{base}{}", n + 1),
    }
}

pub(crate) fn compound(rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, COMPOUNDS)
}

pub(crate) fn enterprise(rng: &mut ChaCha8Rng) -> &'static str {
    pick(rng, ENTERPRISES)
}
