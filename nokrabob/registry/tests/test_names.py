"""The sound key: the spellings one name is written with agree, different names do not.

The pairs are the issue's examples, hand-checked pairs for each rule, and a sample of the respellings of
real corpus names that bench/soundalike generates (docs/BENCHMARKS.md, "Sound-alike names").
"""

import pytest

from nokrabob.registry.models import Person
from nokrabob.registry.names import fold_spelling, sound_key

ISSUE_EXAMPLES = [("สมศักดิ์", "สมสัก"), ("ศรีวรรณ", "สีวรรณ"), ("ณรงค์", "นรงค์"), ("ใบเตย", "ไบเตย")]

HAND_CHECKED = [
    ("ศิริพร", "สิริพร"), ("พงษ์ศักดิ์", "พงศ์ศักดิ์"), ("วิษณุ", "วิศณุ"),  # ศ/ษ/ส
    ("ณัฐพล", "นัฐพล"), ("ปราณี", "ปรานี"), ("อรุณ", "อรุน"),  # ณ/น
    ("ธนพล", "ทนพล"), ("สุนทร", "สุนธร"),  # ธ/ท
    ("ภัทรา", "พัทรา"), ("สมพร", "สมภร"),  # ภ/พ
    ("ใจดี", "ไจดี"), ("ประไพ", "ประใพ"),  # ใ/ไ
    ("ประเสริฐ", "ประเสริด"), ("บุญมี", "บุนมี"), ("กมล", "กมน"), ("เกียรติ", "เกียด"),  # finals
    ("นงลักษณ์", "นงลัก"), ("จันทร์เพ็ญ", "จันเพ็ญ"), ("วิโรจน์", "วิโรจ"), ("ทิพย์", "ทิพ"),  # silent letters
    ("ปิยะนุช", "ปิยนุช"), ("ทะนง", "ทนง"), ("ชนิดา", "ชะนิดา"),  # ะ
    ("ศรีสุข", "สีสุข"), ("วรรณา", "วันนา"), ("จรรยา", "จันยา"), ("บรรจง", "บันจง"),  # ร
    ("สร้อยทอง", "ส้อยทอง"),
    ("จิราภรณ์", "จิราพร"), ("ธีรศักดิ์", "ทีรสัก"), ("ธรรมนูญ", "ทัมนูน"),  # two rules at once
]  # fmt: skip

GENERATED_SAMPLE = [
    ("อุดมลักษณ์", "อุดมลักสณ์"), ("สถาปนา", "ศถาปนา"), ("ฮัสซัน", "ฮัสซัณ"), ("ฐนันดร", "ฐนัณดร"),
    ("ธันยวัฒน์", "ทันยวัฒน์"), ("ธำรงเกียรติ", "ทำรงเกียรติ"), ("พิไลวรรณ", "ภิไลวรรณ"), ("พิไลพร", "พิไลภร"),
    ("จุไรรัตน์", "จุใรรัตน์"), ("แพรวไพลิน", "แพรวใพลิน"), ("กัญญาณัฐ", "กัญญาณัด"), ("ลลิต", "ลลิด"),
    ("ฐกรท์", "ฐกร"), ("ปรียารัตน์", "ปรียารัต"), ("ชญานุช", "ชะญานุช"), ("ศยามล", "ศะยามล"),
    ("พรรณทิพา", "พัณทิพา"), ("เกสราพรรณ", "เกสราพัณ"), ("ราษฎร์พิชิต", "ราษฎพิชิด"),
    ("พิมพ์พิไลวรรณ", "ภิมพิไลวรรณ"), ("สุขงาม", "ศุขงาม"), ("ดำศิริ", "ดำสิริ"),
    ("วุฒิสุวรรณโภคิน", "วุฒิสุวรรณโภคิณ"), ("กลิ่นสาท", "กลิ่ณสาท"), ("จันธนนิโรจน์", "จันทนนิโรจน์"),
    ("พันธ์โคตร", "พันท์โคตร"), ("พวงสมบัติ", "ภวงสมบัติ"), ("อินพิทักษ์", "อินภิทักษ์"), ("จีนใจตรง", "จีนไจตรง"),
    ("ตงบุญไชย", "ตงบุญใชย"), ("วิญญาคูณ", "วิญญาคูน"), ("จิตรบุญ", "จิตรบุน"),
    ("ธำรงค์ศักดิ์คุณ", "ธำรงค์ศักคุณ"), ("ดงหงษ์", "ดงหง"), ("จันทร์บูรณะศิริ", "จันทร์บูรณศิริ"),
    ("สถาวรัตนกุล", "สะถาวรัตนกุล"), ("ศรีรัตนพรรณ", "สีรัตนพรรณ"), ("โคตร์ศรีเมือง", "โคตร์สีเมือง"),
    ("พันธ์เกษม", "ภันท์เกษม"), ("อภิสิริรุจิภาส", "อพิศิริรุจิภาส"),
]  # fmt: skip

DIFFERENT = [
    ("สมศักดิ์", "สมศรี"), ("สมชาย", "สมหญิง"), ("ประเสริฐ", "ประสิทธิ์"), ("ประภา", "ประไพ"),
    ("ณรงค์", "ณัฐ"), ("ศรีวรรณ", "ศรีสุข"), ("นงลักษณ์", "นงนุช"), ("ใบเตย", "ใบบัว"),
    ("ธนพล", "ธนากร"), ("ภัทรา", "ภาวิณี"), ("สุรศักดิ์", "สุรชัย"), ("รัตนา", "รัชนี"),
    ("บุญมี", "บุญมา"), ("สุดา", "สีดา"), ("มะลิ", "มาลี"), ("กาญจนา", "กาญจนาภรณ์"), ("เสาวลักษณ์", "เสาวนีย์"),
    ("เกียรติศักดิ์", "เกียรติชัย"), ("สมบัติ", "สมบูรณ์"), ("ประเสริฐ", "ประเสริฐวงศ์"),
]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), ISSUE_EXAMPLES + HAND_CHECKED + GENERATED_SAMPLE)
def test_spellings_of_one_name_share_the_key(a, b):
    assert sound_key(a) and sound_key(a) == sound_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_do_not(a, b):
    assert sound_key(a) != sound_key(b)


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("สมศักดิ์", "สมสัก"),  # ศ → ส, silent ดิ์
        ("จันทร์", "จัน"),  # a silent pair after a closed syllable
        ("ลักษณ์", "ลัก"),
        ("กฤษณ์", "กฤส"),  # but ษ is the final of กฤษ
        ("วิโรจน์", "วิโรจ"),  # and จ the final of โรจ
        ("วรรณ", "วัน"),  # ร หัน before a final
        ("วรรณา", "วันนา"),  # … and before a consonant that starts the next syllable
        ("ธรรมศักดิ์", "ทัมสัก"),
        ("บรรจง", "บันจง"),
        ("ศรีสุข", "สีสุค"),  # the silent ร of ศรี (and ข, ค one letter)
        ("ทรัพย์", "สัพ"),  # ทร read as ซ
        ("เกียรติ", "เกียติ"),
        ("ใบเตย", "ไบเตย"),
        ("ปิยะนุช", "ปิยนุช"),  # ะ and tone marks carry no consonant
        ("ญาดา", "ยาดา"),  # ญ at the start sounds as ย
        ("  ณ อยุธยา ", "นอยุทยา"),  # spaces go
    ],
)
def test_the_fold_writes_each_variant_one_way(name, folded):
    assert fold_spelling(name) == folded


def test_names_without_a_thai_consonant_have_no_key():
    assert sound_key("") == sound_key("   ") == sound_key("John") == sound_key("๑๒๓") == ""
    assert sound_key("John สมชาย") == sound_key("สมชาย")


def test_every_key_fits_the_stored_column():
    longest = max((sound_key(n) for n in ("ศรีธนกฤตชโยดม", "เตียวเจริญโสภา", "ก", "อิศรางกูร ณ อยุธยา")), key=len)
    assert len(longest) <= Person._meta.get_field("first_name_sound").max_length  # type: ignore[union-attr]
